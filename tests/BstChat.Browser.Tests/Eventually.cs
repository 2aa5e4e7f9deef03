namespace BstChat.Browser.Tests;

/// <summary>Waits for a condition the test reads outside the page (e.g. from <see cref="ChatRequestLog"/>), as Playwright's expect waits for the page.</summary>
public static class Eventually
{
    /// <summary>A hang guard, not a bound: generous, so a busy machine never trips it.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static async Task HoldsAsync(Func<bool> condition, string what)
    {
        var giveUp = DateTimeOffset.UtcNow + Patience;
        while (!condition())
        {
            if (DateTimeOffset.UtcNow > giveUp)
            {
                Assert.Fail($"{what} did not hold within {Patience.TotalSeconds} s.");
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
