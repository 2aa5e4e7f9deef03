using Xunit;

namespace BstChat.Storage.Specification;

// Edits and deletes: each takes the next seq as the message's ChangeSeq, once, and never revives a tombstone.
public abstract partial class MessageStoreSpecification
{
    [Fact]
    public async Task Editing_takes_the_next_seq_as_ChangeSeq_and_keeps_Seq()
    {
        var store = CreateStore();
        var id = (await CreateConversationAsync(store)).Id;
        var sent = await SendManyAsync(store, id, 2);

        var edited = await EditAsync(store, id, sent[0].Id, "m1, corrected", at: 10);

        Assert.Equal(sent[0] with { ChangeSeq = 3, Text = "m1, corrected", EditedAt = At(10) }, edited);
        Assert.Equal(edited, await store.FindMessageAsync(id, sent[0].Id, Cancellation));
        Assert.Equal(3, await LastSeqAsync(store, id));
    }

    [Fact]
    public async Task Deleting_leaves_a_tombstone_with_the_next_seq_as_ChangeSeq()
    {
        var store = CreateStore();
        var id = (await CreateConversationAsync(store)).Id;
        var sent = await SendManyAsync(store, id, 2);

        var deleted = await DeleteAsync(store, id, sent[0].Id, at: 10);

        Assert.NotNull(deleted);
        Assert.Equal((sent[0].Seq, 3L, "", At(10)), (deleted.Seq, deleted.ChangeSeq, deleted.Text, deleted.DeletedAt));
        Assert.True(deleted.IsDeleted);
        Assert.Equal(deleted, await store.FindMessageAsync(id, sent[0].Id, Cancellation));
        Assert.Equal(3, await LastSeqAsync(store, id));
    }

    [Fact]
    public async Task A_deleted_message_is_never_changed_again()
    {
        var store = CreateStore();
        var id = (await CreateConversationAsync(store)).Id;
        var message = await SendAsync(store, id);
        var tombstone = await DeleteAsync(store, id, message.Id, at: 10);

        var afterEdit = await EditAsync(store, id, message.Id, "back from the dead", at: 20);
        var afterSecondDelete = await DeleteAsync(store, id, message.Id, at: 30);

        Assert.NotNull(tombstone);
        Assert.Equal(tombstone, afterEdit);
        Assert.Equal(tombstone, afterSecondDelete);
        Assert.Equal(tombstone, await store.FindMessageAsync(id, message.Id, Cancellation));
        var conversation = await store.FindConversationAsync(id, Cancellation);
        Assert.NotNull(conversation);
        Assert.Equal((2L, At(10)), (conversation.LastSeq, conversation.LastChangeAt));
    }

    [Fact]
    public async Task Editing_to_the_same_text_takes_no_seq()
    {
        var store = CreateStore();
        var id = (await CreateConversationAsync(store)).Id;
        var message = await SendAsync(store, id, text: "same", at: 1);

        var result = await EditAsync(store, id, message.Id, "same", at: 10);

        Assert.Equal(message, result);
        var conversation = await store.FindConversationAsync(id, Cancellation);
        Assert.NotNull(conversation);
        Assert.Equal((1L, At(1)), (conversation.LastSeq, conversation.LastChangeAt));
    }

    [Fact]
    public async Task Updating_an_unknown_message_returns_null_and_takes_no_seq()
    {
        var store = CreateStore();
        var id = (await CreateConversationAsync(store)).Id;
        var otherId = (await CreateConversationAsync(store)).Id;
        var elsewhere = await SendAsync(store, otherId);
        await SendAsync(store, id);

        Assert.Null(await EditAsync(store, id, Guid.NewGuid().ToString("N"), "edited", at: 10));
        Assert.Null(await DeleteAsync(store, id, Guid.NewGuid().ToString("N"), at: 10));
        Assert.Null(await EditAsync(store, id, elsewhere.Id, "edited", at: 10));
        Assert.Null(await DeleteAsync(store, NewConversationId(), elsewhere.Id, at: 10));

        Assert.Equal(1, await LastSeqAsync(store, id));
        Assert.Equal(elsewhere, await store.FindMessageAsync(otherId, elsewhere.Id, Cancellation));
    }
}
