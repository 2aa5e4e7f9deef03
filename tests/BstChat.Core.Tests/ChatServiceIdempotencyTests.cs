using Xunit;
using static BstChat.Core.Tests.ChatTestHost;

namespace BstChat.Core.Tests;

/// <summary>Retried sends with a client message id.</summary>
public sealed class ChatServiceIdempotencyTests : IAsyncLifetime
{
    private readonly ChatTestHost _host = ChatTestHost.Create();
    private string _id = "";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _id = await _host.CreateConversationAsync();

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task A_retried_send_returns_the_first_message_and_stores_nothing()
    {
        var first = await _host.Chat.SendAsync(_id, Alice, "hello", "c-1", Cancellation);

        var retry = await _host.Chat.SendAsync(_id, Alice, "hello", "c-1", Cancellation);

        Assert.False(retry.Created);
        Assert.Equal(first.Message, retry.Message);
        Assert.Equal(1, (await _host.Chat.GetConversationAsync(_id, Alice, Cancellation)).Conversation.LastSeq);
    }

    [Fact]
    public async Task Reusing_a_client_message_id_with_different_text_is_a_conflict()
    {
        await _host.Chat.SendAsync(_id, Alice, "hello", "c-1", Cancellation);

        var error = await Assert.ThrowsAsync<ChatException>(async () => await _host.Chat.SendAsync(_id, Alice, "goodbye", "c-1", Cancellation));

        Assert.Equal((ChatErrorKind.Conflict, ChatErrorCodes.IdempotencyConflict), (error.Kind, error.Code));
        Assert.Equal("hello", Assert.Single((await _host.Chat.GetHistoryAsync(_id, Alice, null, null, Cancellation)).Messages).Text);
    }

    [Fact]
    public async Task A_retry_of_a_message_deleted_since_answers_with_its_tombstone()
    {
        var first = await _host.Chat.SendAsync(_id, Alice, "oops", "c-1", Cancellation);
        var tombstone = await _host.Chat.DeleteAsync(_id, first.Message.Id, Alice, Cancellation);

        var retry = await _host.Chat.SendAsync(_id, Alice, "oops", "c-1", Cancellation);

        Assert.Equal(new SendResult(tombstone, Created: false), retry);
    }

    [Fact]
    public async Task Another_sender_may_use_the_same_client_message_id()
    {
        var alices = await _host.Chat.SendAsync(_id, Alice, "hello", "c-1", Cancellation);

        var bobs = await _host.Chat.SendAsync(_id, Bob, "goodbye", "c-1", Cancellation);

        Assert.True(bobs.Created);
        Assert.NotEqual(alices.Message.Id, bobs.Message.Id);
    }
}
