using Microsoft.Extensions.Time.Testing;
using Xunit;
using static BstChat.Core.Tests.ChatTestHost;

namespace BstChat.Core.Tests;

/// <summary>
/// The user feed (<see cref="IChatService.GetUserChangesAsync"/>) over the in-memory store: the
/// resume/no-gap/no-leak rules of the conversation feed, across every conversation a user follows.
/// Waits ask for 4 minutes with the re-check and the wait's own end 5 minutes away, so only a
/// notification can answer one before the hang guard.
/// </summary>
public sealed class UserFeedTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Far = TimeSpan.FromMinutes(5);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_a_cursor_it_lists_every_conversation_of_the_user_at_its_head_and_no_messages()
    {
        await using var host = Create(Patient);
        var first = await host.CreateConversationAsync();
        var second = await host.CreateConversationAsync();
        await host.SendAsync(first, Bob, "before");
        var elsewhere = $"other-{Guid.NewGuid():N}";
        await host.Chat.CreateConversationAsync(elsewhere, "Not alice's", Cancellation);
        await host.Chat.AddMemberAsync(elsewhere, new ChatUser(Outsider, "Eve"), MemberRole.Member, Cancellation);

        var answer = await PollAsync(host, Alice, null);

        Assert.Empty(answer.Messages);
        Assert.Equal(new[] { first, second }.Order(StringComparer.Ordinal), answer.Conversations.Select(c => c.Entry.Conversation.Id).Order(StringComparer.Ordinal));
        var withMessage = Assert.Single(answer.Conversations, c => c.Entry.Conversation.Id == first);
        Assert.Equal((1L, 1L, false, 1L), (withMessage.AfterSeq!.Value, withMessage.ThroughSeq, withMessage.HasMore, withMessage.Entry.UnreadCount));
        Assert.Equal("before", withMessage.Entry.LastMessage!.Text);
    }

    [Fact]
    public async Task Resuming_gives_every_change_since_once_grouped_by_conversation_in_seq_order()
    {
        await using var host = Create(Patient);
        var first = await host.CreateConversationAsync();
        var second = await host.CreateConversationAsync();
        var start = (await PollAsync(host, Alice, null)).Cursor;
        var one = await host.SendAsync(first, Bob, "one");
        await host.SendAsync(second, Bob, "two");
        await host.SendAsync(first, Alice, "three");
        await host.Chat.EditAsync(first, one.Id, Bob, "one, edited", Cancellation);

        var answer = await PollAsync(host, Alice, start);

        Assert.Equal(["three", "one, edited"], answer.Messages.Where(m => m.ConversationId == first).Select(m => m.Text));
        Assert.Equal(["two"], answer.Messages.Where(m => m.ConversationId == second).Select(m => m.Text));
        Assert.Equal(answer.Messages.Count, answer.Messages.Select(m => (m.ConversationId, m.Id)).Distinct().Count());
        var firstEntry = Assert.Single(answer.Conversations, c => c.Entry.Conversation.Id == first);
        Assert.Equal((0L, 3L, false), (firstEntry.AfterSeq!.Value, firstEntry.ThroughSeq, firstEntry.HasMore));
        // The same cursor again gives the same changes (nothing is kept per client); the new one gives none.
        Assert.Equal(answer.Messages, (await PollAsync(host, Alice, start)).Messages);
        var after = await PollAsync(host, Alice, answer.Cursor);
        Assert.Empty(after.Messages);
        Assert.Empty(after.Conversations);
        Assert.Equal(answer.Cursor.ToString(), after.Cursor.ToString());
    }

    [Fact]
    public async Task A_held_request_answers_when_any_followed_conversation_changes()
    {
        await using var host = Create(Patient);
        await host.CreateConversationAsync();
        var second = await host.CreateConversationAsync();
        var cursor = (await PollAsync(host, Alice, null)).Cursor;

        var answer = await WaitWhileAsync(host, Alice, cursor, () => host.SendAsync(second, Bob, "over here"));

        Assert.Equal("over here", Assert.Single(answer.Messages).Text);
        Assert.Equal(second, Assert.Single(answer.Conversations).Entry.Conversation.Id);
        Assert.Equal(0, host.Rooms.Count);
    }

    [Fact]
    public async Task A_conversation_the_user_is_added_to_wakes_the_feed_and_appears_to_be_caught_up()
    {
        await using var host = Create(Patient);
        await host.CreateConversationAsync();
        var cursor = (await PollAsync(host, Alice, null)).Cursor;
        var added = $"lesson-{Guid.NewGuid():N}";
        await host.Chat.CreateConversationAsync(added, "New lesson", Cancellation);
        await host.Chat.AddMemberAsync(added, new ChatUser(Bob, "Bob"), MemberRole.Member, Cancellation);
        await host.SendAsync(added, Bob, "welcome");

        var answer = await WaitWhileAsync(host, Alice, cursor, () =>
            host.Chat.AddMemberAsync(added, new ChatUser(Alice, "Alice"), MemberRole.Member, Cancellation).AsTask());

        var entry = Assert.Single(answer.Conversations);
        Assert.Equal((added, (long?)null, 1L, true), (entry.Entry.Conversation.Id, entry.AfterSeq, entry.ThroughSeq, entry.HasMore));
        Assert.Empty(answer.Messages);
        var next = await host.SendAsync(added, Bob, "now on the feed");
        Assert.Equal([next.Id], (await PollAsync(host, Alice, answer.Cursor)).Messages.Select(m => m.Id));
    }

    [Fact]
    public async Task A_removal_is_announced_once_and_nothing_of_the_conversation_follows()
    {
        await using var host = Create(Patient);
        var kept = await host.CreateConversationAsync();
        var left = await host.CreateConversationAsync();
        var cursor = (await PollAsync(host, Alice, null)).Cursor;

        var answer = await WaitWhileAsync(host, Alice, cursor, () => host.Chat.RemoveMemberAsync(left, Alice, Cancellation).AsTask());

        Assert.Equal([left], answer.Removed);
        await host.SendAsync(left, Bob, "secret after removal");
        await host.Chat.SetTypingAsync(left, Bob, Cancellation);
        await host.SendAsync(kept, Bob, "still here");
        var later = await PollAsync(host, Alice, answer.Cursor);
        Assert.Empty(later.Removed);
        Assert.Equal(["still here"], later.Messages.Select(m => m.Text));
        Assert.DoesNotContain(later.Conversations, c => c.Entry.Conversation.Id == left);
        Assert.DoesNotContain(later.Typing, t => t.ConversationId == left);
        Assert.DoesNotContain(later.ReadMarkers, r => r.ConversationId == left);
        // Even the cursor from before the removal shows nothing of it after.
        var fromBefore = await PollAsync(host, Alice, cursor);
        Assert.Equal([left], fromBefore.Removed);
        Assert.DoesNotContain(fromBefore.Messages, m => m.ConversationId == left);
    }

    [Fact]
    public async Task A_conversation_with_more_changes_than_a_page_marks_itself_and_carries_none()
    {
        await using var host = Create(o => { Patient(o); o.DefaultPageSize = 3; });
        var busy = await host.CreateConversationAsync();
        var quiet = await host.CreateConversationAsync();
        var cursor = (await PollAsync(host, Alice, null)).Cursor;
        for (var i = 0; i < 4; i++)
        {
            await host.SendAsync(busy, Bob, $"m{i}");
        }

        await host.SendAsync(quiet, Bob, "q");

        var answer = await PollAsync(host, Alice, cursor);

        var entry = Assert.Single(answer.Conversations, c => c.Entry.Conversation.Id == busy);
        Assert.Equal((0L, 4L, true), (entry.AfterSeq!.Value, entry.ThroughSeq, entry.HasMore));
        Assert.Equal(["q"], answer.Messages.Select(m => m.Text));
        Assert.False(answer.HasMore);
    }

    [Fact]
    public async Task An_answer_stops_at_the_page_size_and_the_rest_comes_next_each_once()
    {
        await using var host = Create(o => { Patient(o); (o.MaxPageSize, o.DefaultPageSize) = (3, 3); });
        var first = await host.CreateConversationAsync();
        var second = await host.CreateConversationAsync();
        var cursor = (await PollAsync(host, Alice, null)).Cursor;
        await host.SendAsync(first, Bob, "a1");
        await host.SendAsync(first, Bob, "a2");
        await host.SendAsync(second, Bob, "b1");
        await host.SendAsync(second, Bob, "b2");

        var seen = new List<string>();
        var answer = await PollAsync(host, Alice, cursor);
        seen.AddRange(answer.Messages.Select(m => m.Text));
        Assert.True(answer.HasMore);
        Assert.Equal(TimeSpan.Zero, answer.PollAfter);
        var rest = await PollAsync(host, Alice, answer.Cursor);
        seen.AddRange(rest.Messages.Select(m => m.Text));

        Assert.False(rest.HasMore);
        Assert.Equal(["a1", "a2", "b1", "b2"], seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Typing_and_read_markers_wake_the_feed_and_name_their_conversation()
    {
        await using var host = Create(Patient);
        var id = await host.CreateConversationAsync();
        await host.SendAsync(id, Alice, "hi");
        var cursor = (await PollAsync(host, Alice, null)).Cursor;

        var typing = await WaitWhileAsync(host, Alice, cursor, () => host.Chat.SetTypingAsync(id, Bob, Cancellation).AsTask());
        Assert.Equal([new ConversationTypingUser(id, Bob, "Bob")], typing.Typing);
        Assert.Empty(typing.Messages);

        var read = await WaitWhileAsync(host, Alice, typing.Cursor, () => host.Chat.MarkReadAsync(id, Bob, 1, Cancellation).AsTask());
        Assert.Contains(new ConversationReadMarker(id, Bob, 1), read.ReadMarkers);
        Assert.Equal(id, Assert.Single(read.Conversations).Entry.Conversation.Id);
    }

    [Fact]
    public async Task A_cursor_issued_to_another_user_is_refused()
    {
        await using var host = Create(Patient);
        await host.CreateConversationAsync();
        var bobs = (await PollAsync(host, Bob, null)).Cursor;

        var refused = await Assert.ThrowsAsync<ChatException>(() => PollAsync(host, Alice, bobs));

        Assert.Equal((ChatErrorKind.Invalid, ChatErrorCodes.InvalidCursor), (refused.Kind, refused.Code));
    }

    [Fact]
    public async Task A_conversation_outside_the_window_is_not_announced_as_removed_and_comes_back_when_it_changes()
    {
        await using var host = Create(o => { Patient(o); o.MaxFeedConversations = 2; });
        var oldest = await host.CreateConversationAsync();
        await host.SendAsync(oldest, Bob, "old");
        var cursor = (await PollAsync(host, Alice, null)).Cursor;
        var middle = await host.CreateConversationAsync();
        await host.SendAsync(middle, Bob, "newer");
        var newest = await host.CreateConversationAsync();
        await host.SendAsync(newest, Bob, "newest");

        var answer = await PollAsync(host, Alice, cursor);

        Assert.Empty(answer.Removed);
        Assert.Equal([newest, middle], answer.Conversations.Select(c => c.Entry.Conversation.Id));
        Assert.All(answer.Conversations, c => Assert.True(c.HasMore));
        await host.SendAsync(oldest, Bob, "back again");
        var back = await PollAsync(host, Alice, answer.Cursor);
        var entry = Assert.Single(back.Conversations);
        Assert.Equal((oldest, true, "back again"), (entry.Entry.Conversation.Id, entry.HasMore, entry.Entry.LastMessage!.Text));
    }

    [Fact]
    public async Task Presence_shows_a_member_online_while_their_feed_is_held_and_last_seen_after_the_grace_period()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));
        await using var host = Create(o => { Patient(o); o.PresenceGracePeriod = TimeSpan.FromSeconds(30); }, time);
        var id = await host.CreateConversationAsync();
        var alice = await PollAsync(host, Alice, null);
        Assert.Contains(new UserPresence(Bob, false, null), alice.Presence);

        // Bob's feed request wakes alice's held one: he came online.
        var aliceWaits = host.Chat.GetUserChangesAsync(Alice, alice.Cursor, Wait, Cancellation).AsTask();
        await host.UntilWaitingAsync(1);
        var bobWaits = host.Chat.GetUserChangesAsync(Bob, null, TimeSpan.Zero, Cancellation).AsTask();
        await bobWaits.WaitAsync(HangGuard, Cancellation);
        var online = await aliceWaits.WaitAsync(HangGuard, Cancellation);
        Assert.Contains(new UserPresence(Bob, true, null), online.Presence);
        Assert.DoesNotContain(online.Presence, p => p.UserId == Alice);

        // Nothing of bob's held since: alice's next wait ends when his grace period runs out.
        var lastSeen = time.GetUtcNow();
        var offlineWait = host.Chat.GetUserChangesAsync(Alice, online.Cursor, Wait, Cancellation).AsTask();
        await host.UntilWaitingAsync(1);
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(offlineWait.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(2));
        var offline = await offlineWait.WaitAsync(HangGuard, Cancellation);
        Assert.Contains(new UserPresence(Bob, false, lastSeen), offline.Presence);
        Assert.Contains(new UserPresence(Bob, false, lastSeen), (await host.Chat.GetConversationAsync(id, Alice, Cancellation)).Presence);
    }

    [Fact]
    public async Task Presence_switched_off_shows_nobody()
    {
        await using var host = Create(o => { Patient(o); o.Presence = false; });
        var id = await host.CreateConversationAsync();
        await PollAsync(host, Bob, null);

        Assert.Empty((await PollAsync(host, Alice, null)).Presence);
        Assert.Empty((await host.Chat.GetConversationAsync(id, Alice, Cancellation)).Presence);
    }

    private static void Patient(BstChatOptions options) => (options.RecheckInterval, options.MaxWait) = (Far, Far);

    private static async Task<UserChangeSet> PollAsync(ChatTestHost host, string userId, UserCursor? cursor) =>
        await host.Chat.GetUserChangesAsync(userId, cursor, TimeSpan.Zero, Cancellation);

    /// <summary>Starts <paramref name="userId"/> waiting, runs <paramref name="change"/> once the request is held, and returns the answer.</summary>
    private static async Task<UserChangeSet> WaitWhileAsync(ChatTestHost host, string userId, UserCursor cursor, Func<Task> change)
    {
        var wait = host.Chat.GetUserChangesAsync(userId, cursor, Wait, Cancellation).AsTask();
        await host.UntilWaitingAsync(1);
        Assert.False(wait.IsCompleted, "The wait ended before anything changed.");
        await change();
        return await wait.WaitAsync(HangGuard, Cancellation);
    }
}
