using System.Text.RegularExpressions;
using BstChat.Browser.Tests;
using BstChat.Hardening.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BstChat.Hardening.Tests.Faults;

/// <summary>
/// The real browser client against the sample as its own process while its PostgreSQL is down:
/// messages sent meanwhile wait as pending (the server answers 503), and once PostgreSQL is back
/// they arrive, for the sender and the reader, exactly once and in order.
/// </summary>
public sealed partial class BrowserPostgresOutageTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string Lesson = "/lessons/lesson-1";

    /// <summary>A hang guard: the client honours Retry-After (5 s) and backs off, so recovery takes a few rounds, slower on a busy machine.</summary>
    private static readonly TimeSpan Recovery = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Messages_sent_while_PostgreSQL_is_down_stay_pending_then_arrive_exactly_once_when_it_is_back()
    {
        var browser = fixture.Browser;
        await using var postgres = await PrivatePostgres.StartAsync();
        await using var sample = await SampleProcess.OnPostgresAsync(postgres);
        await using var anna = await UserSession.SignInAsync(browser, sample.BaseAddress, "anna", Lesson);
        await using var ben = await UserSession.SignInAsync(browser, sample.BaseAddress, "ben", Lesson);
        await anna.WaitUntilLiveAsync();
        await ben.WaitUntilLiveAsync();
        await anna.SendAsync("Before the outage");
        await Expect(ben.Message("Before the outage")).ToHaveCountAsync(1);

        await postgres.StopAsync();
        await anna.SendAsync("Sent while the database is down");
        await anna.SendAsync("And a second one");
        foreach (var text in new[] { "Sent while the database is down", "And a second one" })
        {
            var pending = anna.Message(text);
            await Expect(pending).ToHaveClassAsync(PendingClass());
            await Expect(pending.Locator(".status")).ToHaveTextAsync("Sending…");
        }

        // Both readers lose the feed (503) and say so, without closing.
        await Expect(ben.Widget).ToHaveAttributeAsync("data-status", "reconnecting", new() { Timeout = 60_000 });
        await Expect(ben.Message("Sent while the database is down")).ToHaveCountAsync(0);

        await postgres.StartAgainAsync();

        var timeout = new LocatorAssertionsToHaveCountOptions { Timeout = (float)Recovery.TotalMilliseconds };
        await Expect(ben.Message("And a second one")).ToHaveCountAsync(1, timeout);
        await Expect(anna.Message("And a second one")).Not.ToHaveClassAsync(PendingClass(), new() { Timeout = (float)Recovery.TotalMilliseconds });
        await Expect(anna.Widget).ToHaveAttributeAsync("data-status", "live", new() { Timeout = (float)Recovery.TotalMilliseconds });
        await Expect(ben.Widget).ToHaveAttributeAsync("data-status", "live", new() { Timeout = (float)Recovery.TotalMilliseconds });

        // A moment later still once each, in the order sent, for both and in the store.
        await ben.Page.WaitForTimeoutAsync(1_000);
        string[] expected = ["Before the outage", "Sent while the database is down", "And a second one"];
        Assert.Equal(expected, await anna.StoredTextsAsync("lesson-1"));
        Assert.Equal(expected, await ben.Messages.Locator(".text").AllTextContentsAsync());
        Assert.Equal(expected, await anna.Messages.Locator(".text").AllTextContentsAsync());
        Assert.Empty(anna.PageErrors);
        Assert.Empty(ben.PageErrors);
    }

    [GeneratedRegex(@"\bpending\b")]
    private static partial Regex PendingClass();
}
