using Xunit;

namespace BstChat.Storage.Specification;

// Appending messages and finding them.
public abstract partial class MessageStoreSpecification
{
    [Fact]
    public async Task Appending_assigns_seqs_one_two_three_with_ChangeSeq_equal_to_Seq()
    {
        var store = CreateStore();
        var id = (await CreateConversationAsync(store)).Id;

        var sent = await SendManyAsync(store, id, 3);

        Assert.Equal([1L, 2L, 3L], sent.Select(m => m.Seq));
        Assert.All(sent, m => Assert.Equal(m.Seq, m.ChangeSeq));
        Assert.Equal(3, await LastSeqAsync(store, id));
    }

    [Fact]
    public async Task An_appended_message_is_stored_as_sent()
    {
        var store = CreateStore();
        var id = (await CreateConversationAsync(store)).Id;
        var draft = Draft(id, "alice", "Hello, \"world\" <b>\u00e9\u00e8 \U0001F600\n\tend", clientMessageId: "c-1", at: 4);

        var message = await SendAsync(store, draft);

        var expected = new Message
        {
            Id = draft.Id,
            ConversationId = id,
            Seq = 1,
            ChangeSeq = 1,
            SenderId = "alice",
            SenderName = "alice name",
            Text = draft.Text,
            ClientMessageId = "c-1",
            CreatedAt = At(4),
        };
        Assert.Equal(expected, message);
        Assert.Equal(expected, await store.FindMessageAsync(id, draft.Id, Cancellation));
    }

    [Fact]
    public async Task A_system_message_with_an_empty_sender_is_stored()
    {
        var store = CreateStore();
        var id = (await CreateConversationAsync(store)).Id;

        var message = await SendAsync(store, Draft(id, senderId: "", text: "The lesson starts in 5 minutes"));

        Assert.True(message.IsSystem);
        Assert.Equal(message, await store.FindMessageAsync(id, message.Id, Cancellation));
    }

    [Fact]
    public async Task Appending_to_an_unknown_conversation_returns_null()
    {
        var store = CreateStore();
        var id = NewConversationId();

        Assert.Null(await store.AppendMessageAsync(Draft(id), Cancellation));
        Assert.Null(await store.FindConversationAsync(id, Cancellation));
    }

    [Fact]
    public async Task A_message_is_found_by_id_only_in_its_own_conversation()
    {
        var store = CreateStore();
        var id = (await CreateConversationAsync(store)).Id;
        var otherId = (await CreateConversationAsync(store)).Id;
        var message = await SendAsync(store, id);

        Assert.Equal(message, await store.FindMessageAsync(id, message.Id, Cancellation));
        Assert.Null(await store.FindMessageAsync(otherId, message.Id, Cancellation));
        Assert.Null(await store.FindMessageAsync(id, Guid.NewGuid().ToString("N"), Cancellation));
        Assert.Null(await store.FindMessageAsync(NewConversationId(), message.Id, Cancellation));
    }
}
