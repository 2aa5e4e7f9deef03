namespace BstChat.Testing;

/// <summary>What a test does when something it needs is not installed: skip, except under <c>CI=true</c>, where it fails.</summary>
public static class Requirement
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Skips the test, or fails it under CI, with <paramref name="what"/> and <paramref name="reason"/>.</summary>
    public static void Missing(string what, string reason)
    {
        if (IsCi)
        {
            Assert.Fail($"CI=true requires {what}. {reason}");
        }

        Assert.Skip(reason);
    }
}
