using BstChat.Typing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace BstChat.Core.Tests;

public sealed class InMemoryTypingTrackerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(6);
    private static readonly TypingUser Alice = new("alice", "Alice");
    private static readonly TypingUser Bob = new("bob", "Bob");

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly InMemoryTypingTracker _tracker;

    public InMemoryTypingTrackerTests()
    {
        _tracker = new InMemoryTypingTracker(_time, new OptionsWrapper<BstChatOptions>(new BstChatOptions { TypingTimeout = Timeout }));
    }

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_user_shows_as_typing_until_the_timeout_passes()
    {
        await _tracker.SetTypingAsync("c1", Alice, Cancellation);

        _time.Advance(Timeout - TimeSpan.FromMilliseconds(1));
        var fresh = await _tracker.GetTypingAsync("c1", Cancellation);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var expired = await _tracker.GetTypingAsync("c1", Cancellation);

        Assert.Equal([Alice], fresh.Users);
        Assert.Empty(expired.Users);
        Assert.Null(expired.NextExpiry);
    }

    [Fact]
    public async Task Expired_entries_of_conversations_nobody_reads_are_swept_by_later_signals()
    {
        for (var i = 0; i < 50; i++)
        {
            await _tracker.SetTypingAsync($"unread-{i}", Alice, Cancellation);
        }

        _time.Advance(Timeout);
        await _tracker.SetTypingAsync("c1", Bob, Cancellation);

        // Only Bob's live entry is left, though no unread-* conversation was ever read.
        Assert.Equal(1, _tracker.EntryCount);
        Assert.Equal([Bob], (await _tracker.GetTypingAsync("c1", Cancellation)).Users);
    }

    [Fact]
    public async Task Typing_again_extends_the_entry()
    {
        await _tracker.SetTypingAsync("c1", Alice, Cancellation);
        _time.Advance(TimeSpan.FromSeconds(4));
        await _tracker.SetTypingAsync("c1", Alice, Cancellation);

        _time.Advance(TimeSpan.FromSeconds(4));
        var afterEight = await _tracker.GetTypingAsync("c1", Cancellation);
        _time.Advance(TimeSpan.FromSeconds(2));
        var afterTen = await _tracker.GetTypingAsync("c1", Cancellation);

        Assert.Equal([Alice], afterEight.Users);
        Assert.Empty(afterTen.Users);
    }

    [Fact]
    public async Task NextExpiry_is_when_the_first_entry_expires()
    {
        var start = _time.GetUtcNow();
        await _tracker.SetTypingAsync("c1", Bob, Cancellation);
        _time.Advance(TimeSpan.FromSeconds(2));
        await _tracker.SetTypingAsync("c1", Alice, Cancellation);

        var both = await _tracker.GetTypingAsync("c1", Cancellation);
        _time.Advance(TimeSpan.FromSeconds(4));
        var aliceOnly = await _tracker.GetTypingAsync("c1", Cancellation);

        Assert.Equal([Alice, Bob], both.Users);
        Assert.Equal(start + Timeout, both.NextExpiry);
        Assert.Equal([Alice], aliceOnly.Users);
        Assert.Equal(start + TimeSpan.FromSeconds(2) + Timeout, aliceOnly.NextExpiry);
    }

    [Fact]
    public async Task Clearing_removes_the_entry_and_says_whether_the_user_was_typing()
    {
        await _tracker.SetTypingAsync("c1", Alice, Cancellation);
        await _tracker.SetTypingAsync("c1", Bob, Cancellation);

        Assert.True(await _tracker.ClearAsync("c1", "alice", Cancellation));
        Assert.False(await _tracker.ClearAsync("c1", "alice", Cancellation));
        Assert.False(await _tracker.ClearAsync("other", "bob", Cancellation));
        Assert.Equal([Bob], (await _tracker.GetTypingAsync("c1", Cancellation)).Users);

        _time.Advance(Timeout);
        Assert.False(await _tracker.ClearAsync("c1", "bob", Cancellation));
    }

    [Fact]
    public async Task Conversations_are_kept_apart()
    {
        await _tracker.SetTypingAsync("c1", Alice, Cancellation);

        Assert.Equal([Alice], (await _tracker.GetTypingAsync("c1", Cancellation)).Users);
        Assert.Equal(TypingSnapshot.Empty, await _tracker.GetTypingAsync("c2", Cancellation));
    }

    [Fact]
    public async Task Reading_sweeps_expired_entries()
    {
        await _tracker.SetTypingAsync("c1", Alice, Cancellation);
        await _tracker.SetTypingAsync("c2", Bob, Cancellation);
        _time.Advance(Timeout);

        await _tracker.GetTypingAsync("c1", Cancellation);

        Assert.Equal(1, _tracker.EntryCount);
    }
}
