using BstChat.Presence;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace BstChat.Core.Tests;

public sealed class InMemoryPresenceTrackerTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly InMemoryPresenceTracker _tracker;

    public InMemoryPresenceTrackerTests()
    {
        _tracker = new InMemoryPresenceTracker(new OptionsWrapper<BstChatOptions>(new BstChatOptions { PresenceGracePeriod = Grace }), _time);
    }

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_user_never_seen_is_offline_with_no_last_seen_and_changes_never()
    {
        var shown = await _tracker.GetPresenceAsync(["ben"], Cancellation);

        Assert.Equal([new UserPresence("ben", false, null)], shown.Users);
        Assert.Null(shown.NextChange);
    }

    [Fact]
    public async Task A_held_user_is_online_with_no_end_and_only_the_first_hold_brings_them_online()
    {
        Assert.True(await _tracker.HoldAsync("ben", Cancellation));
        Assert.False(await _tracker.HoldAsync("ben", Cancellation));
        _time.Advance(TimeSpan.FromHours(1));

        var shown = await _tracker.GetPresenceAsync(["ben"], Cancellation);

        Assert.Equal([new UserPresence("ben", true, null)], shown.Users);
        Assert.Null(shown.NextChange);
    }

    [Fact]
    public async Task A_user_stays_online_for_the_grace_period_after_their_last_request_is_released_then_shows_last_seen()
    {
        await _tracker.HoldAsync("ben", Cancellation);
        await _tracker.HoldAsync("ben", Cancellation);
        _time.Advance(TimeSpan.FromSeconds(5));
        await _tracker.ReleaseAsync("ben", Cancellation);
        var oneStillHeld = await _tracker.GetPresenceAsync(["ben"], Cancellation);
        _time.Advance(TimeSpan.FromSeconds(5));
        await _tracker.ReleaseAsync("ben", Cancellation);
        var released = _time.GetUtcNow();

        var justReleased = await _tracker.GetPresenceAsync(["ben"], Cancellation);
        _time.Advance(Grace - TimeSpan.FromMilliseconds(1));
        var lastMoment = await _tracker.GetPresenceAsync(["ben"], Cancellation);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var gone = await _tracker.GetPresenceAsync(["ben"], Cancellation);

        Assert.True(oneStillHeld.Users[0].IsOnline);
        Assert.Null(oneStillHeld.NextChange);
        Assert.Equal([new UserPresence("ben", true, null)], justReleased.Users);
        Assert.Equal(released + Grace, justReleased.NextChange);
        Assert.True(lastMoment.Users[0].IsOnline);
        Assert.Equal([new UserPresence("ben", false, released)], gone.Users);
        Assert.Null(gone.NextChange);
    }

    [Fact]
    public async Task Holding_again_within_the_grace_period_is_not_coming_online_but_after_it_is()
    {
        await _tracker.HoldAsync("ben", Cancellation);
        await _tracker.ReleaseAsync("ben", Cancellation);
        _time.Advance(Grace - TimeSpan.FromMilliseconds(1));
        var within = await _tracker.HoldAsync("ben", Cancellation);
        await _tracker.ReleaseAsync("ben", Cancellation);
        _time.Advance(Grace);

        Assert.False(within);
        Assert.True(await _tracker.HoldAsync("ben", Cancellation));
    }

    [Fact]
    public async Task A_release_without_a_hold_changes_no_count()
    {
        await _tracker.ReleaseAsync("ann", Cancellation);
        await _tracker.HoldAsync("ben", Cancellation);
        await _tracker.ReleaseAsync("ben", Cancellation);
        await _tracker.ReleaseAsync("ben", Cancellation);
        await _tracker.HoldAsync("ben", Cancellation);
        _time.Advance(Grace * 2);

        var shown = await _tracker.GetPresenceAsync(["ann", "ben"], Cancellation);

        Assert.Equal([new UserPresence("ann", false, null), new UserPresence("ben", true, null)], shown.Users);
    }

    [Fact]
    public async Task Users_are_answered_in_the_order_asked_and_NextChange_is_the_first_to_go_offline()
    {
        var start = _time.GetUtcNow();
        await _tracker.HoldAsync("cat", Cancellation);
        await _tracker.ReleaseAsync("cat", Cancellation);
        _time.Advance(TimeSpan.FromSeconds(10));
        await _tracker.HoldAsync("ben", Cancellation);
        await _tracker.ReleaseAsync("ben", Cancellation);
        await _tracker.HoldAsync("ann", Cancellation);

        var shown = await _tracker.GetPresenceAsync(["cat", "ann", "dan", "ben"], Cancellation);

        Assert.Equal(["cat", "ann", "dan", "ben"], shown.Users.Select(static u => u.UserId));
        Assert.Equal([true, true, false, true], shown.Users.Select(static u => u.IsOnline));
        Assert.Equal(start + Grace, shown.NextChange);
    }

    [Fact]
    public async Task A_user_not_seen_for_the_retention_is_forgotten_and_a_held_one_never_is()
    {
        await _tracker.HoldAsync("ben", Cancellation);
        await _tracker.ReleaseAsync("ben", Cancellation);
        await _tracker.HoldAsync("anna", Cancellation);
        var benLastSeen = _time.GetUtcNow();
        _time.Advance(InMemoryPresenceTracker.LastSeenRetention - TimeSpan.FromMinutes(1));
        await _tracker.HoldAsync("chloe", Cancellation);
        Assert.Equal(new UserPresence("ben", false, benLastSeen), (await _tracker.GetPresenceAsync(["ben"], Cancellation)).Users[0]);

        _time.Advance(TimeSpan.FromMinutes(2) + InMemoryPresenceTracker.SweepInterval);
        await _tracker.HoldAsync("chloe", Cancellation);

        var shown = await _tracker.GetPresenceAsync(["ben", "anna"], Cancellation);
        Assert.Equal([new UserPresence("ben", false, null), new UserPresence("anna", true, null)], shown.Users);
    }
}
