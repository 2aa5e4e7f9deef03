using Xunit;

namespace BstChat.Backplane.Specification;

public abstract partial class ChatInstanceSpecification
{
    /// <summary>The longest a test's change-feed request waits: only a notification answers it sooner, as <see cref="Time"/> stands still.</summary>
    private static readonly TimeSpan LongPoll = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task A_message_wakes_a_change_feed_request_waiting_on_the_same_instance()
    {
        var instance = await StartInstanceAsync();
        var id = await CreateLessonAsync(instance);
        var cursor = (await instance.Chat.GetChangesAsync(id, Ben.UserId, null, TimeSpan.Zero, Cancellation)).Cursor;

        var waiting = instance.Chat.GetChangesAsync(id, Ben.UserId, cursor, LongPoll, Cancellation).AsTask();
        await instance.UntilWaitingAsync(1);
        await instance.Chat.SendAsync(id, Anna.UserId, "Hello", null, Cancellation);

        Assert.Equal("Hello", Assert.Single((await Soon(waiting)).Messages).Text);
    }

    [Fact]
    public async Task Typing_wakes_a_change_feed_request_waiting_on_the_same_instance_and_shows_in_it()
    {
        var instance = await StartInstanceAsync();
        var id = await CreateLessonAsync(instance);
        var cursor = (await instance.Chat.GetChangesAsync(id, Ben.UserId, null, TimeSpan.Zero, Cancellation)).Cursor;

        var waiting = instance.Chat.GetChangesAsync(id, Ben.UserId, cursor, LongPoll, Cancellation).AsTask();
        await instance.UntilWaitingAsync(1);
        await instance.Chat.SetTypingAsync(id, Anna.UserId, Cancellation);

        Assert.Equal([Anna], (await Soon(waiting)).Typing);
    }

    /// <summary>Creates a conversation with Anna and Ben as members, through <paramref name="instance"/>.</summary>
    /// <param name="instance">The instance to create it on; instances sharing its store see it too.</param>
    /// <returns>The conversation's id.</returns>
    protected static async Task<string> CreateLessonAsync(ChatInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var id = NewConversationId();
        await instance.Chat.CreateConversationAsync(id, "Lesson", Cancellation);
        await instance.Chat.AddMemberAsync(id, new ChatUser(Anna.UserId, Anna.DisplayName), MemberRole.Moderator, Cancellation);
        await instance.Chat.AddMemberAsync(id, new ChatUser(Ben.UserId, Ben.DisplayName), MemberRole.Member, Cancellation);
        return id;
    }
}
