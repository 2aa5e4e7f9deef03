using BstChat.Storage;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using static BstChat.Core.Tests.ChatTestHost;

namespace BstChat.Core.Tests;

/// <summary>
/// Change-feed reads of one conversation are shared while nothing is notified and the re-check
/// interval has not passed. These prove what must hold anyway: a removed member gets nothing, and
/// a second instance over the same store without a shared notifier sees changes within the re-check.
/// </summary>
public sealed class ChatServiceSharedReadTests
{
    private static readonly TimeSpan Recheck = TimeSpan.FromSeconds(5);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Polls_with_nothing_notified_share_one_read_until_a_change()
    {
        var store = new CountingMessageStore();
        await using var host = Create(o => o.RecheckInterval = Recheck, time: _time, store: store);
        var id = await host.CreateConversationAsync();
        var first = await host.Chat.GetChangesAsync(id, Alice, null, TimeSpan.Zero, Cancellation);
        var reads = store.ConversationReads;

        foreach (var user in new[] { Alice, Bob, Moderator, Bob })
        {
            await host.Chat.GetChangesAsync(id, user, first.Cursor, TimeSpan.Zero, Cancellation);
        }

        Assert.Equal(reads, store.ConversationReads);

        await host.SendAsync(id, Bob, "new");
        var answer = await host.Chat.GetChangesAsync(id, Alice, first.Cursor, TimeSpan.Zero, Cancellation);

        Assert.Equal("new", Assert.Single(answer.Messages).Text);
        Assert.Equal(reads + 1, store.ConversationReads);
    }

    [Fact]
    public async Task Waiters_woken_by_one_message_share_one_read()
    {
        var store = new CountingMessageStore();
        await using var host = Create(o => o.RecheckInterval = TimeSpan.FromMinutes(1), store: store);
        var id = await host.CreateConversationAsync();
        await host.Chat.AddMemberAsync(id, new ChatUser(Outsider, "Eve"), MemberRole.Member, Cancellation);
        var cursor = (await host.Chat.GetChangesAsync(id, Alice, null, TimeSpan.Zero, Cancellation)).Cursor;
        var readsBefore = store.ConversationReads;
        var waiters = new[] { Alice, Bob, Outsider }
            .Select(user => host.Chat.GetChangesAsync(id, user, cursor, TimeSpan.FromSeconds(20), Cancellation).AsTask())
            .ToList();
        await host.UntilWaitingAsync(waiters.Count);

        await host.SendAsync(id, Moderator, "to everyone");
        var answers = await Task.WhenAll(waiters);

        Assert.All(answers, answer => Assert.Equal("to everyone", Assert.Single(answer.Messages).Text));
        // Three waiters, each read on arrival and again on waking, would be six reads without sharing.
        Assert.Equal(readsBefore + 1, store.ConversationReads);
    }

    [Fact]
    public async Task A_shared_read_is_not_used_past_the_recheck_interval()
    {
        var store = new CountingMessageStore();
        await using var host = Create(o => o.RecheckInterval = Recheck, time: _time, store: store);
        var id = await host.CreateConversationAsync();
        var first = await host.Chat.GetChangesAsync(id, Alice, null, TimeSpan.Zero, Cancellation);
        var reads = store.ConversationReads;

        _time.Advance(Recheck);
        await host.Chat.GetChangesAsync(id, Alice, first.Cursor, TimeSpan.Zero, Cancellation);

        Assert.Equal(reads + 1, store.ConversationReads);
    }

    [Fact]
    public async Task A_removed_member_gets_nothing_more_although_the_conversation_was_read_for_them()
    {
        await using var host = Create(o => o.RecheckInterval = Recheck, time: _time);
        var id = await host.CreateConversationAsync();
        var cursor = (await host.Chat.GetChangesAsync(id, Bob, null, TimeSpan.Zero, Cancellation)).Cursor;
        await host.Chat.GetChangesAsync(id, Alice, cursor, TimeSpan.Zero, Cancellation);

        await host.Chat.RemoveMemberAsync(id, Bob, Cancellation);
        await host.SendAsync(id, Alice, "not for bob");

        var refused = await Assert.ThrowsAsync<ChatException>(() => host.Chat.GetChangesAsync(id, Bob, cursor, TimeSpan.Zero, Cancellation).AsTask());
        Assert.Equal(ChatErrorKind.NotFound, refused.Kind);
    }

    [Fact]
    public async Task A_held_wait_of_a_member_who_is_removed_ends_with_not_found()
    {
        await using var host = Create(o => o.RecheckInterval = TimeSpan.FromMinutes(1));
        var id = await host.CreateConversationAsync();
        var cursor = (await host.Chat.GetChangesAsync(id, Bob, null, TimeSpan.Zero, Cancellation)).Cursor;
        var wait = host.Chat.GetChangesAsync(id, Bob, cursor, TimeSpan.FromSeconds(20), Cancellation).AsTask();
        await host.UntilWaitingAsync(1);

        await host.Chat.RemoveMemberAsync(id, Bob, Cancellation);

        var refused = await Assert.ThrowsAsync<ChatException>(() => wait);
        Assert.Equal(ChatErrorKind.NotFound, refused.Kind);
    }

    [Fact]
    public async Task A_message_sent_on_another_instance_is_seen_once_the_recheck_interval_has_passed()
    {
        var (a, b) = TwoInstances();
        await using (a)
        await using (b)
        {
            var id = await a.CreateConversationAsync();
            var cursor = (await b.Chat.GetChangesAsync(id, Bob, null, TimeSpan.Zero, Cancellation)).Cursor;
            await a.SendAsync(id, Alice, "from instance a");

            _time.Advance(Recheck);
            var answer = await b.Chat.GetChangesAsync(id, Bob, cursor, TimeSpan.Zero, Cancellation);

            Assert.Equal("from instance a", Assert.Single(answer.Messages).Text);
        }
    }

    [Fact]
    public async Task A_held_wait_sees_a_message_sent_on_another_instance_at_its_recheck()
    {
        var store = new CountingMessageStore();
        await using var a = Create(o => o.RecheckInterval = TimeSpan.FromMilliseconds(200), store: store);
        await using var b = Create(o => o.RecheckInterval = TimeSpan.FromMilliseconds(200), store: store);
        var id = await a.CreateConversationAsync();
        var cursor = (await b.Chat.GetChangesAsync(id, Bob, null, TimeSpan.Zero, Cancellation)).Cursor;
        var wait = b.Chat.GetChangesAsync(id, Bob, cursor, TimeSpan.FromSeconds(20), Cancellation).AsTask();
        await b.UntilWaitingAsync(1);

        await a.SendAsync(id, Alice, "from instance a");

        // Nothing notifies b: only its re-check can end the wait before its 20 s with the message.
        Assert.Equal("from instance a", Assert.Single((await wait).Messages).Text);
    }

    [Fact]
    public async Task A_member_added_on_another_instance_is_answered_at_once()
    {
        var (a, b) = TwoInstances();
        await using (a)
        await using (b)
        {
            var id = await a.CreateConversationAsync();
            await b.Chat.GetChangesAsync(id, Alice, null, TimeSpan.Zero, Cancellation);

            await a.Chat.AddMemberAsync(id, new ChatUser(Outsider, "Eve"), MemberRole.Member, Cancellation);
            var answer = await b.Chat.GetChangesAsync(id, Outsider, null, TimeSpan.Zero, Cancellation);

            Assert.Contains(answer.ReadMarkers, m => m.UserId == Outsider);
        }
    }

    [Fact]
    public async Task A_cursor_from_another_instance_is_accepted_at_once()
    {
        var (a, b) = TwoInstances();
        await using (a)
        await using (b)
        {
            var id = await a.CreateConversationAsync();
            await b.Chat.GetChangesAsync(id, Bob, null, TimeSpan.Zero, Cancellation);
            await a.SendAsync(id, Alice, "from instance a");
            var cursorFromA = (await a.Chat.GetChangesAsync(id, Bob, null, TimeSpan.Zero, Cancellation)).Cursor;

            var answer = await b.Chat.GetChangesAsync(id, Bob, cursorFromA, TimeSpan.Zero, Cancellation);

            Assert.Equal(1, answer.Cursor.Seq);
        }
    }

    /// <summary>Two hosts over one store, each with its own notifier and no backplane, on the test's clock.</summary>
    private (ChatTestHost A, ChatTestHost B) TwoInstances()
    {
        IMessageStore store = new CountingMessageStore();
        return (Create(o => o.RecheckInterval = Recheck, time: _time, store: store),
            Create(o => o.RecheckInterval = Recheck, time: _time, store: store));
    }
}
