using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace BstChat.Backplane.Specification;

/// <summary>
/// The user feed (<see cref="IChatService.GetUserChangesAsync"/>) on two instances of one site
/// sharing one store, with nothing assumed of what carries notifications between them: these run
/// without a backplane too, where only the store re-check (or a wait's end) brings a change made on
/// the other instance. With a backplane, <see cref="ChatBackplaneSpecification"/> shows the same
/// changes waking a request at once.
/// </summary>
public abstract partial class ChatInstanceSpecification
{
    /// <summary>
    /// Nothing of the re-check's or the wait's own clock moves unless a test moves <see cref="Time"/>:
    /// after a first step to the re-check, steps this small re-arm a re-check that was armed after
    /// the first step (it is due <c>MinimumRecheckDelay</c>, 50 ms, after it).
    /// </summary>
    private static readonly TimeSpan RecheckNudge = TimeSpan.FromMilliseconds(50);

    [Fact]
    public async Task A_message_sent_on_one_instance_reaches_a_user_feed_request_held_on_the_other_by_its_recheck()
    {
        var (a, b) = await StartSharingAStoreAsync();
        var id = await CreateLessonAsync(a);
        var cursor = (await PollUserFeedAsync(a, Ben.UserId, null)).Cursor;

        var waitingOnA = a.Chat.GetUserChangesAsync(Ben.UserId, cursor, LongPoll, Cancellation).AsTask();
        await a.UntilWaitingAsync(1);
        var sent = (await b.Chat.SendAsync(id, Anna.UserId, "Hello from B", null, Cancellation)).Message;
        var answer = await ByRecheckAsync(a, waitingOnA);

        Assert.Equal([sent.Id], answer.Messages.Select(m => m.Id));
        var entry = Assert.Single(answer.Conversations);
        Assert.Equal((id, (long?)0, 1L, false), (entry.Entry.Conversation.Id, entry.AfterSeq, entry.ThroughSeq, entry.HasMore));
        Assert.Empty((await PollUserFeedAsync(b, Ben.UserId, answer.Cursor)).Messages);
    }

    [Fact]
    public async Task A_member_added_on_one_instance_appears_in_a_user_feed_request_held_on_the_other_by_the_end_of_its_wait()
    {
        var (a, b) = await StartSharingAStoreAsync();
        await CreateLessonAsync(a);
        var cursor = (await PollUserFeedAsync(a, Ben.UserId, null)).Cursor;
        var added = NewConversationId();
        await b.Chat.CreateConversationAsync(added, "Extra lesson", Cancellation);
        await b.Chat.AddMemberAsync(added, new ChatUser(Anna.UserId, Anna.DisplayName), MemberRole.Moderator, Cancellation);
        await b.Chat.SendAsync(added, Anna.UserId, "Before Ben joined", null, Cancellation);

        var waitingOnA = a.Chat.GetUserChangesAsync(Ben.UserId, cursor, LongPoll, Cancellation).AsTask();
        await a.UntilWaitingAsync(1);
        await b.Chat.AddMemberAsync(added, new ChatUser(Ben.UserId, Ben.DisplayName), MemberRole.Member, Cancellation);
        // Without a backplane nothing tells A (the user's own key is notified on B alone): the
        // design promises it when the wait ends. A backplane answers sooner; moving time is then moot.
        Time.Advance(Options(a).MaxWait);
        var answer = await Soon(waitingOnA);

        var entry = Assert.Single(answer.Conversations);
        Assert.Equal((added, (long?)null, 1L, true), (entry.Entry.Conversation.Id, entry.AfterSeq, entry.ThroughSeq, entry.HasMore));
        Assert.Equal("Before Ben joined", entry.Entry.LastMessage?.Text);
        Assert.Empty(answer.Messages);
        var next = (await b.Chat.SendAsync(added, Anna.UserId, "Welcome, Ben", null, Cancellation)).Message;
        UntilEveryViewIsFresh(a);
        Assert.Equal([next.Id], (await PollUserFeedAsync(a, Ben.UserId, answer.Cursor)).Messages.Select(m => m.Id));
    }

    [Fact]
    public async Task A_member_removed_on_one_instance_is_announced_once_by_a_user_feed_request_held_on_the_other_and_nothing_of_the_conversation_follows()
    {
        var (a, b) = await StartSharingAStoreAsync();
        var kept = await CreateLessonAsync(a);
        var left = await CreateLessonAsync(a);
        var cursor = (await PollUserFeedAsync(a, Ben.UserId, null)).Cursor;

        var waitingOnA = a.Chat.GetUserChangesAsync(Ben.UserId, cursor, LongPoll, Cancellation).AsTask();
        await a.UntilWaitingAsync(1);
        Assert.True(await b.Chat.RemoveMemberAsync(left, Ben.UserId, Cancellation));
        // The removal changes the conversation's member count, which A's re-check of it sees.
        var answer = await ByRecheckAsync(a, waitingOnA);

        Assert.Equal([left], answer.Removed);
        Assert.Empty(answer.Messages);
        await b.Chat.SendAsync(left, Anna.UserId, "Secret after Ben left", null, Cancellation);
        await b.Chat.SetTypingAsync(left, Anna.UserId, Cancellation);
        var stillHere = (await b.Chat.SendAsync(kept, Anna.UserId, "Still here", null, Cancellation)).Message;
        UntilEveryViewIsFresh(a);
        foreach (var instance in new[] { a, b })
        {
            var later = await PollUserFeedAsync(instance, Ben.UserId, answer.Cursor);
            Assert.Empty(later.Removed);
            Assert.Equal([stillHere.Id], later.Messages.Select(m => m.Id));
            AssertNothingOf(left, later);
        }

        // Even the cursor from before the removal shows nothing of it after, on either instance.
        var fromBefore = await PollUserFeedAsync(b, Ben.UserId, cursor);
        Assert.Equal([left], fromBefore.Removed);
        AssertNothingOf(left, fromBefore);
    }

    [Fact]
    public async Task Resuming_on_one_instance_a_user_feed_cursor_issued_by_the_other_gives_every_change_since_each_once()
    {
        var (a, b) = await StartSharingAStoreAsync();
        var first = await CreateLessonAsync(a);
        var second = await CreateLessonAsync(b);
        var fromA = (await PollUserFeedAsync(a, Ben.UserId, null)).Cursor;
        var one = (await a.Chat.SendAsync(first, Anna.UserId, "one", null, Cancellation)).Message;
        var two = (await b.Chat.SendAsync(second, Anna.UserId, "two", null, Cancellation)).Message;
        var three = (await b.Chat.SendAsync(first, Ben.UserId, "three", null, Cancellation)).Message;
        await b.Chat.EditAsync(first, one.Id, Anna.UserId, "one, edited", Cancellation);
        UntilEveryViewIsFresh(a);

        var onB = await PollUserFeedAsync(b, Ben.UserId, fromA);

        Assert.Equal([three.Id, one.Id], onB.Messages.Where(m => m.ConversationId == first).Select(m => m.Id));
        Assert.Equal("one, edited", onB.Messages.Single(m => m.Id == one.Id).Text);
        Assert.Equal([two.Id], onB.Messages.Where(m => m.ConversationId == second).Select(m => m.Id));
        Assert.Equal(
            new[] { (first, 0L, 3L), (second, 0L, 1L) }.Order(),
            onB.Conversations.Select(c => (c.Entry.Conversation.Id, c.AfterSeq!.Value, c.ThroughSeq)).Order());
        // The same cursor on A gives the same changes; B's cursor on A gives none, and the same cursor back.
        Assert.Equal(onB.Messages, (await PollUserFeedAsync(a, Ben.UserId, fromA)).Messages);
        var onA = await PollUserFeedAsync(a, Ben.UserId, onB.Cursor);
        Assert.Empty(onA.Messages);
        Assert.Empty(onA.Conversations);
        Assert.Equal(onB.Cursor.ToString(), onA.Cursor.ToString());
        // A cursor made on B from A's text form is as good as A's own.
        Assert.True(UserCursor.TryParse(fromA.ToString(), out var parsed));
        Assert.Equal(onB.Messages, (await PollUserFeedAsync(b, Ben.UserId, parsed)).Messages);
    }

    [Fact]
    public async Task A_user_feed_cursor_issued_to_one_user_is_refused_on_the_other_instance()
    {
        var (a, b) = await StartSharingAStoreAsync();
        await CreateLessonAsync(a);
        var bens = (await PollUserFeedAsync(a, Ben.UserId, null)).Cursor;

        var refused = await Assert.ThrowsAsync<ChatException>(() => PollUserFeedAsync(b, Anna.UserId, bens));

        Assert.Equal((ChatErrorKind.Invalid, ChatErrorCodes.InvalidCursor), (refused.Kind, refused.Code));
    }

    [Fact]
    public async Task A_member_removed_on_one_instance_reads_nothing_sent_after_from_the_conversation_feed_on_the_other()
    {
        var (a, b) = await StartSharingAStoreAsync();
        var id = await CreateLessonAsync(a);
        var fromStart = (await a.Chat.GetChangesAsync(id, Ben.UserId, null, TimeSpan.Zero, Cancellation)).Cursor;
        await a.Chat.SendAsync(id, Anna.UserId, "One", null, Cancellation);
        var afterOne = (await b.Chat.GetChangesAsync(id, Ben.UserId, null, TimeSpan.Zero, Cancellation)).Cursor;
        await a.Chat.SendAsync(id, Anna.UserId, "Two", null, Cancellation);
        // A reads the conversation while Ben is a member.
        Assert.Equal(2, (await a.Chat.GetChangesAsync(id, Ben.UserId, fromStart, TimeSpan.Zero, Cancellation)).Messages.Count);
        Assert.True(await b.Chat.RemoveMemberAsync(id, Ben.UserId, Cancellation));
        await b.Chat.SendAsync(id, Anna.UserId, "Secret after Ben left", null, Cancellation);

        // Refused, or answered from what A read before the removal: never the message sent after it.
        try
        {
            var changes = await a.Chat.GetChangesAsync(id, Ben.UserId, afterOne, TimeSpan.Zero, Cancellation);
            Assert.DoesNotContain(changes.Messages, m => m.Text == "Secret after Ben left");
        }
        catch (ChatException refused) when (refused.Kind == ChatErrorKind.NotFound)
        {
        }
    }

    /// <summary>Starts two instances of one site over one store, carried to each other by whatever <see cref="AddImplementation"/> adds (perhaps nothing).</summary>
    private async Task<(ChatInstance A, ChatInstance B)> StartSharingAStoreAsync()
    {
        var a = await StartInstanceAsync();
        return (a, await StartInstanceAsync(a.Store));
    }

    /// <summary>
    /// Moves <see cref="Time"/> to the instance's re-check, and on in small steps, until
    /// <paramref name="waiting"/> answers; never as far as the wait's own end, so the answer came
    /// from a re-check or a notification. Time must not have moved since the request started.
    /// </summary>
    private async Task<UserChangeSet> ByRecheckAsync(ChatInstance instance, Task<UserChangeSet> waiting)
    {
        var options = Options(instance);
        var (moved, step) = (TimeSpan.Zero, options.RecheckInterval);
        while (!waiting.IsCompleted)
        {
            Assert.True(moved + step < options.MaxWait, $"No re-check answered the held request within {moved} of fake time; its wait ends at {options.MaxWait}.");
            Time.Advance(step);
            (moved, step) = (moved + step, RecheckNudge);
            // A hang guard only: each step gives the woken request real time to read and answer.
            await Task.WhenAny(waiting, Task.Delay(TimeSpan.FromMilliseconds(100), Cancellation));
        }

        return await waiting;
    }

    /// <summary>
    /// Moves <see cref="Time"/> one re-check on: without a backplane, an instance answers from shared
    /// reads up to one re-check old (it may not show yet what the other instance just did, and
    /// loses nothing by it); after this, every instance shows everything done before.
    /// </summary>
    private void UntilEveryViewIsFresh(ChatInstance instance) => Time.Advance(Options(instance).RecheckInterval);

    private static void AssertNothingOf(string conversationId, UserChangeSet answer)
    {
        Assert.DoesNotContain(answer.Messages, m => m.ConversationId == conversationId);
        Assert.DoesNotContain(answer.Conversations, c => c.Entry.Conversation.Id == conversationId);
        Assert.DoesNotContain(answer.Typing, t => t.ConversationId == conversationId);
        Assert.DoesNotContain(answer.ReadMarkers, r => r.ConversationId == conversationId);
    }

    private static async Task<UserChangeSet> PollUserFeedAsync(ChatInstance instance, string userId, UserCursor? cursor) =>
        await instance.Chat.GetUserChangesAsync(userId, cursor, TimeSpan.Zero, Cancellation);

    private static BstChatOptions Options(ChatInstance instance) => instance.Services.GetRequiredService<IOptions<BstChatOptions>>().Value;
}
