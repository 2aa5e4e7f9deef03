using BstChat.Feed;
using BstChat.Storage;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using static BstChat.Core.Tests.ChatTestHost;

namespace BstChat.Core.Tests;

/// <summary>
/// Held requests wait in one room per conversation, which holds the conversation's one
/// subscription and one re-check. Time is the test's (<see cref="FakeTimeProvider"/>): a wait ends
/// only when the test notifies, advances the clock or cancels.
/// </summary>
public sealed class WaitingRoomsTests
{
    private static readonly TimeSpan Recheck = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(4);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_change_answers_every_waiter_of_the_conversation_and_no_other()
    {
        await using var host = Create(Configure, time: _time);
        var busy = await host.CreateConversationAsync();
        var quiet = await host.CreateConversationAsync();
        var cursor = await CursorAsync(host, busy);
        var waits = Enumerable.Range(0, 30)
            .Select(i => host.Chat.GetChangesAsync(busy, i % 2 == 0 ? Alice : Bob, cursor, Long, Cancellation).AsTask())
            .ToList();
        var other = host.Chat.GetChangesAsync(quiet, Alice, await CursorAsync(host, quiet), Long, Cancellation).AsTask();
        await host.UntilWaitingAsync(31);
        Assert.Equal(2, host.Rooms.Count);

        await host.SendAsync(busy, Moderator, "to everyone");
        var answers = await Task.WhenAll(waits).WaitAsync(Long, Cancellation);

        Assert.All(answers, a => Assert.Equal("to everyone", Assert.Single(a.Messages).Text));
        Assert.False(other.IsCompleted);
        Assert.Equal(1, host.Rooms.Count);
    }

    [Fact]
    public async Task A_cancelled_waiter_leaves_no_room_and_no_slot_behind()
    {
        await using var host = Create(Configure, time: _time);
        var id = await host.CreateConversationAsync();
        using var clientGone = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        var wait = host.Chat.GetChangesAsync(id, Alice, await CursorAsync(host, id), Long, clientGone.Token).AsTask();
        await host.UntilWaitingAsync(1);
        Assert.Equal(1, host.Rooms.Count);

        await clientGone.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(Long, Cancellation));
        Assert.Equal(0, host.Rooms.Count);
        Assert.Equal(0, host.Waiting);
    }

    [Fact]
    public async Task Each_waiter_answers_at_its_own_deadline_while_the_rechecks_find_nothing()
    {
        await using var host = Create(Configure, time: _time);
        var id = await host.CreateConversationAsync();
        var cursor = await CursorAsync(host, id);
        var sooner = host.Chat.GetChangesAsync(id, Alice, cursor, TimeSpan.FromSeconds(12), Cancellation).AsTask();
        var later = host.Chat.GetChangesAsync(id, Bob, cursor, TimeSpan.FromSeconds(24), Cancellation).AsTask();
        await host.UntilWaitingAsync(2);

        await AdvanceAsync(TimeSpan.FromSeconds(11));
        var neitherAt11 = !sooner.IsCompleted && !later.IsCompleted;
        await AdvanceAsync(TimeSpan.FromSeconds(1));
        var soonerAnswer = await sooner.WaitAsync(Long, Cancellation);
        var laterAt12 = later.IsCompleted;
        await AdvanceAsync(TimeSpan.FromSeconds(12));
        var laterAnswer = await later.WaitAsync(Long, Cancellation);

        Assert.True(neitherAt11);
        Assert.False(laterAt12);
        Assert.Equal(cursor, soonerAnswer.Cursor);
        Assert.Equal(cursor, laterAnswer.Cursor);
        Assert.Equal(0, host.Rooms.Count);
    }

    [Fact]
    public async Task The_recheck_answers_every_waiter_with_a_message_sent_on_another_instance()
    {
        IMessageStore store = new CountingMessageStore();
        await using var a = Create(Configure, time: _time, store: store);
        await using var b = Create(Configure, time: _time, store: store);
        var id = await a.CreateConversationAsync();
        var cursor = await CursorAsync(b, id);
        var waits = new[] { Alice, Bob, Moderator }.Select(u => b.Chat.GetChangesAsync(id, u, cursor, Long, Cancellation).AsTask()).ToList();
        await b.UntilWaitingAsync(3);

        // Nothing notifies b: only its room's re-check can find the message.
        await a.SendAsync(id, Alice, "from instance a");
        var answeredBefore = waits.Count(w => w.IsCompleted);
        await AdvanceAsync(Recheck);
        var answers = await Task.WhenAll(waits).WaitAsync(Long, Cancellation);

        Assert.Equal(0, answeredBefore);
        Assert.All(answers, answer => Assert.Equal("from instance a", Assert.Single(answer.Messages).Text));
    }

    [Fact]
    public async Task A_recheck_that_finds_the_head_unchanged_wakes_nobody()
    {
        await using var host = Create(Configure, time: _time);
        var id = await host.CreateConversationAsync();
        var version = await VersionAsync(host, id);
        var waiter = host.Rooms.Join(id);
        var wait = waiter.WaitAsync(version, _time.GetUtcNow() + Recheck, _time.GetUtcNow() + Long, _time, Cancellation).AsTask();

        await AdvanceAsync(Recheck);
        await AdvanceAsync(Recheck);
        var afterTwoRechecks = wait.IsCompleted;
        await AdvanceAsync(Long);

        Assert.False(afterTwoRechecks);
        Assert.Equal(WaitEnd.Deadline, await wait.WaitAsync(Long, Cancellation));
        waiter.Dispose();
        Assert.Equal(0, host.Rooms.Count);
    }

    [Fact]
    public async Task Waiters_answered_from_different_heads_are_all_woken_by_the_recheck()
    {
        await using var host = Create(Configure, time: _time);
        var id = await host.CreateConversationAsync();
        var current = await VersionAsync(host, id);
        var older = current with { LastSeq = current.LastSeq - 1 };
        using var first = host.Rooms.Join(id);
        using var second = host.Rooms.Join(id);
        var now = _time.GetUtcNow();
        var waits = new[]
        {
            first.WaitAsync(current, now + Recheck, now + Long, _time, Cancellation).AsTask(),
            second.WaitAsync(older, now + Recheck, now + Long, _time, Cancellation).AsTask(),
        };

        await AdvanceAsync(Recheck);

        Assert.Equal([WaitEnd.Changed, WaitEnd.Changed], await Task.WhenAll(waits).WaitAsync(Long, Cancellation));
    }

    [Fact]
    public async Task A_waiter_that_joins_after_a_notification_is_not_woken_by_it()
    {
        await using var host = Create(Configure, time: _time);
        var id = await host.CreateConversationAsync();
        var version = await VersionAsync(host, id);
        using var early = host.Rooms.Join(id);
        var now = _time.GetUtcNow();
        var earlyWait = early.WaitAsync(version, now + Long, now + Long, _time, Cancellation).AsTask();
        await host.SendAsync(id, Bob, "before the late one joined");
        Assert.Equal(WaitEnd.Changed, await earlyWait.WaitAsync(Long, Cancellation));

        using var late = host.Rooms.Join(id);
        var lateWait = late.WaitAsync(await VersionAsync(host, id), now + Long, now + Long, _time, Cancellation).AsTask();

        Assert.False(lateWait.IsCompleted);
        await host.SendAsync(id, Bob, "after");
        Assert.Equal(WaitEnd.Changed, await lateWait.WaitAsync(Long, Cancellation));
    }

    private static void Configure(BstChatOptions options)
    {
        options.RecheckInterval = Recheck;
        options.MaxWait = Long;
        options.MaxConcurrentWaitsPerUser = 64;
    }

    private static async Task<ChatCursor> CursorAsync(ChatTestHost host, string id) =>
        (await host.Chat.GetChangesAsync(id, Alice, null, TimeSpan.Zero, Cancellation)).Cursor;

    private static async Task<HeadVersion> VersionAsync(ChatTestHost host, string id) =>
        (await host.SharedReads.GetAsync(id, host.SharedReads.Ticket(), onlyLater: true, Cancellation)).Head!.Version;

    /// <summary>Moves the clock, then lets the continuations it released (re-checks, woken waiters) run.</summary>
    private async Task AdvanceAsync(TimeSpan by)
    {
        _time.Advance(by);
        await Task.Delay(TimeSpan.FromMilliseconds(100), Cancellation);
    }
}
