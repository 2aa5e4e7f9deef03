using Xunit;
using static BstChat.Core.Tests.ChatTestHost;

namespace BstChat.Core.Tests;

/// <summary>Who may send, edit and delete.</summary>
public sealed class ChatServiceMessageRulesTests : IAsyncLifetime
{
    private readonly ChatTestHost _host = ChatTestHost.Create();
    private string _id = "";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _id = await _host.CreateConversationAsync();

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task A_member_s_message_is_stored_under_their_display_name()
    {
        var result = await _host.Chat.SendAsync(_id, Alice, "hello", "c-1", Cancellation);

        Assert.True(result.Created);
        Assert.Equal((1L, Alice, "Alice", "hello", "c-1"),
            (result.Message.Seq, result.Message.SenderId, result.Message.SenderName, result.Message.Text, result.Message.ClientMessageId));
    }

    [Fact]
    public async Task The_author_may_edit_their_message()
    {
        var message = await _host.SendAsync(_id, Alice, "helo");

        var edited = await _host.Chat.EditAsync(_id, message.Id, Alice, "hello", Cancellation);

        Assert.Equal(("hello", 2L), (edited.Text, edited.ChangeSeq));
        Assert.NotNull(edited.EditedAt);
    }

    [Theory]
    [InlineData(Bob)]
    [InlineData(Moderator)]
    public async Task Nobody_but_the_author_may_edit_a_message(string editor)
    {
        var message = await _host.SendAsync(_id, Alice, "mine");

        var error = await Assert.ThrowsAsync<ChatException>(async () => await _host.Chat.EditAsync(_id, message.Id, editor, "yours", Cancellation));

        Assert.Equal((ChatErrorKind.Forbidden, ChatErrorCodes.NotAllowed), (error.Kind, error.Code));
        Assert.Equal(message, Assert.Single((await _host.Chat.GetHistoryAsync(_id, Alice, null, null, Cancellation)).Messages));
    }

    [Theory]
    [InlineData(Alice)]
    [InlineData(Moderator)]
    public async Task The_author_or_a_moderator_may_delete_a_message(string deleter)
    {
        var message = await _host.SendAsync(_id, Alice, "oops");

        var tombstone = await _host.Chat.DeleteAsync(_id, message.Id, deleter, Cancellation);

        Assert.True(tombstone.IsDeleted);
        Assert.Equal(("", 2L), (tombstone.Text, tombstone.ChangeSeq));
    }

    [Fact]
    public async Task Another_member_may_not_delete_a_message()
    {
        var message = await _host.SendAsync(_id, Alice, "mine");

        var error = await Assert.ThrowsAsync<ChatException>(async () => await _host.Chat.DeleteAsync(_id, message.Id, Bob, Cancellation));

        Assert.Equal((ChatErrorKind.Forbidden, ChatErrorCodes.NotAllowed), (error.Kind, error.Code));
        Assert.False(Assert.Single((await _host.Chat.GetHistoryAsync(_id, Alice, null, null, Cancellation)).Messages).IsDeleted);
    }

    [Fact]
    public async Task A_deleted_message_can_no_longer_be_edited()
    {
        var message = await _host.SendAsync(_id, Alice, "oops");
        await _host.Chat.DeleteAsync(_id, message.Id, Alice, Cancellation);

        var error = await Assert.ThrowsAsync<ChatException>(async () => await _host.Chat.EditAsync(_id, message.Id, Alice, "back", Cancellation));

        Assert.Equal((ChatErrorKind.Conflict, ChatErrorCodes.MessageDeleted), (error.Kind, error.Code));
    }

    [Fact]
    public async Task Deleting_a_deleted_message_changes_nothing()
    {
        var message = await _host.SendAsync(_id, Alice, "oops");
        var tombstone = await _host.Chat.DeleteAsync(_id, message.Id, Alice, Cancellation);

        var again = await _host.Chat.DeleteAsync(_id, message.Id, Moderator, Cancellation);

        Assert.Equal(tombstone, again);
        Assert.Equal(2, (await _host.Chat.GetConversationAsync(_id, Alice, Cancellation)).Conversation.LastSeq);
    }

    [Fact]
    public async Task A_non_member_is_told_the_conversation_does_not_exist()
    {
        var message = await _host.SendAsync(_id, Alice);

        Func<Task>[] attempts =
        [
            async () => await _host.Chat.SendAsync(_id, Outsider, "hi", null, Cancellation),
            async () => await _host.Chat.EditAsync(_id, message.Id, Outsider, "hi", Cancellation),
            async () => await _host.Chat.DeleteAsync(_id, message.Id, Outsider, Cancellation),
            async () => await _host.Chat.GetHistoryAsync(_id, Outsider, null, null, Cancellation),
            async () => await _host.Chat.GetChangesAsync(_id, Outsider, null, TimeSpan.Zero, Cancellation),
            async () => await _host.Chat.GetConversationAsync(_id, Outsider, Cancellation),
            async () => await _host.Chat.SetTypingAsync(_id, Outsider, Cancellation),
            async () => await _host.Chat.MarkReadAsync(_id, Outsider, 1, Cancellation),
            async () => await _host.Chat.SendAsync("no-such-lesson", Alice, "hi", null, Cancellation),
        ];

        foreach (var attempt in attempts)
        {
            var error = await Assert.ThrowsAsync<ChatException>(attempt);
            Assert.Equal((ChatErrorKind.NotFound, ChatErrorCodes.ConversationNotFound), (error.Kind, error.Code));
        }

        Assert.Equal(1, (await _host.Chat.GetConversationAsync(_id, Alice, Cancellation)).Conversation.LastSeq);
    }
}
