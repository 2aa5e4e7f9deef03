using Xunit;

namespace BstChat.Backplane.Specification;

public abstract partial class ChatBackplaneSpecification
{
    // Time stands still in these tests: no re-check runs and no wait ends, so a held user-feed
    // request on one instance that answers with a change made on the other was woken through the
    // backplane (a conversation's key for its messages, typing and members; the user's own key
    // for a conversation they were added to).

    [Fact]
    public async Task A_message_sent_on_one_instance_wakes_a_user_feed_request_waiting_on_the_other()
    {
        var (a, b) = await StartTwoInstancesAsync();
        await CreateLessonAsync(a);
        var id = await CreateLessonAsync(a);
        var cursor = (await b.Chat.GetUserChangesAsync("ben", null, TimeSpan.Zero, Cancellation)).Cursor;

        var answer = await WaitOnUserFeedWhileAsync(b, cursor, () => a.Chat.SendAsync(id, "anna", "Hello from A", null, Cancellation).AsTask());

        Assert.Equal(("Hello from A", id), (Assert.Single(answer.Messages).Text, Assert.Single(answer.Conversations).Entry.Conversation.Id));
    }

    [Fact]
    public async Task Typing_on_one_instance_wakes_a_user_feed_request_waiting_on_the_other_and_shows_there()
    {
        var (a, b) = await StartTwoInstancesAsync();
        var id = await CreateLessonAsync(a);
        var cursor = (await b.Chat.GetUserChangesAsync("ben", null, TimeSpan.Zero, Cancellation)).Cursor;

        var answer = await WaitOnUserFeedWhileAsync(b, cursor, () => a.Chat.SetTypingAsync(id, "anna", Cancellation).AsTask());

        Assert.Equal([new ConversationTypingUser(id, "anna", "Anna Smith")], answer.Typing);
    }

    [Fact]
    public async Task A_member_added_on_one_instance_wakes_a_user_feed_request_waiting_on_the_other()
    {
        var (a, b) = await StartTwoInstancesAsync();
        await CreateLessonAsync(a);
        var added = NewConversationId();
        await a.Chat.CreateConversationAsync(added, "Extra lesson", Cancellation);
        var cursor = (await b.Chat.GetUserChangesAsync("ben", null, TimeSpan.Zero, Cancellation)).Cursor;

        var answer = await WaitOnUserFeedWhileAsync(b, cursor, () => a.Chat.AddMemberAsync(added, new ChatUser("ben", "Ben"), MemberRole.Member, Cancellation).AsTask());

        var entry = Assert.Single(answer.Conversations);
        Assert.Equal((added, true), (entry.Entry.Conversation.Id, entry.HasMore));
    }

    [Fact]
    public async Task A_member_removed_on_one_instance_wakes_a_user_feed_request_waiting_on_the_other_and_is_announced_once()
    {
        var (a, b) = await StartTwoInstancesAsync();
        var kept = await CreateLessonAsync(a);
        var left = await CreateLessonAsync(a);
        var cursor = (await b.Chat.GetUserChangesAsync("ben", null, TimeSpan.Zero, Cancellation)).Cursor;

        var answer = await WaitOnUserFeedWhileAsync(b, cursor, () => a.Chat.RemoveMemberAsync(left, "ben", Cancellation).AsTask());
        Assert.Equal([left], answer.Removed);

        // The next held request is woken by the kept conversation only, and shows nothing of the other.
        var next = await WaitOnUserFeedWhileAsync(b, answer.Cursor, async () =>
        {
            await a.Chat.SendAsync(left, "anna", "Secret after Ben left", null, Cancellation);
            await a.Chat.SendAsync(kept, "anna", "Still here", null, Cancellation);
        });
        Assert.Empty(next.Removed);
        Assert.Equal(["Still here"], next.Messages.Select(m => m.Text));
        Assert.DoesNotContain(next.Conversations, c => c.Entry.Conversation.Id == left);
    }

    /// <summary>Holds ben's user feed on <paramref name="instance"/>, makes <paramref name="change"/> once it waits, and returns the answer.</summary>
    private static async Task<UserChangeSet> WaitOnUserFeedWhileAsync(ChatInstance instance, UserCursor cursor, Func<Task> change)
    {
        var waiting = instance.Chat.GetUserChangesAsync("ben", cursor, TypingTimeout, Cancellation).AsTask();
        await instance.UntilWaitingAsync(1);
        await change();
        return await waiting.WaitAsync(HangGuard, Cancellation);
    }
}
