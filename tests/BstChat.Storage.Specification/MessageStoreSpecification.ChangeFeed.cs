using Xunit;

namespace BstChat.Storage.Specification;

// The change feed: every message whose ChangeSeq is after the cursor, ascending, current state only.
public abstract partial class MessageStoreSpecification
{
    [Fact]
    public async Task Changes_after_a_seq_are_the_later_ones_ascending()
    {
        var store = CreateStore();
        var id = (await CreateConversationAsync(store)).Id;
        var sent = await SendManyAsync(store, id, 5);

        Assert.Equal(sent, await store.GetChangesAsync(id, afterSeq: 0, limit: 10, Cancellation));
        Assert.Equal(sent[2..], await store.GetChangesAsync(id, afterSeq: 2, limit: 10, Cancellation));
        Assert.Equal([sent[4]], await store.GetChangesAsync(id, afterSeq: 4, limit: 10, Cancellation));
    }

    [Fact]
    public async Task Changes_respect_the_limit_and_continue_from_the_last_one_read()
    {
        var store = CreateStore();
        var id = (await CreateConversationAsync(store)).Id;
        var sent = await SendManyAsync(store, id, 5);

        var first = await store.GetChangesAsync(id, afterSeq: 0, limit: 2, Cancellation);
        var second = await store.GetChangesAsync(id, first[^1].ChangeSeq, limit: 2, Cancellation);
        var third = await store.GetChangesAsync(id, second[^1].ChangeSeq, limit: 2, Cancellation);

        Assert.Equal(sent[..2], first);
        Assert.Equal(sent[2..4], second);
        Assert.Equal(sent[4..], third);
    }

    [Fact]
    public async Task Changes_after_the_last_seq_or_of_an_unknown_conversation_are_empty()
    {
        var store = CreateStore();
        var id = (await CreateConversationAsync(store)).Id;
        await SendManyAsync(store, id, 2);

        Assert.Empty(await store.GetChangesAsync(id, afterSeq: 2, limit: 10, Cancellation));
        Assert.Empty(await store.GetChangesAsync(id, afterSeq: 50, limit: 10, Cancellation));
        Assert.Empty(await store.GetChangesAsync(NewConversationId(), afterSeq: 0, limit: 10, Cancellation));
    }

    [Fact]
    public async Task Edits_and_deletes_show_in_ChangeSeq_order_with_each_message_once_in_its_current_state()
    {
        var store = CreateStore();
        var id = (await CreateConversationAsync(store)).Id;
        var sent = await SendManyAsync(store, id, 3);                       // seqs 1, 2, 3
        await EditAsync(store, id, sent[0].Id, "m1 edited", at: 10);        // 4
        var m1 = await DeleteAsync(store, id, sent[0].Id, at: 11);          // 5
        var m2 = await EditAsync(store, id, sent[1].Id, "m2 edited", at: 12); // 6

        var feed = await store.GetChangesAsync(id, afterSeq: 0, limit: 10, Cancellation);
        var afterThree = await store.GetChangesAsync(id, afterSeq: 3, limit: 10, Cancellation);
        var afterFive = await store.GetChangesAsync(id, afterSeq: 5, limit: 10, Cancellation);

        Assert.NotNull(m1);
        Assert.NotNull(m2);
        Assert.Equal([sent[2], m1, m2], feed);
        Assert.Equal([3L, 5L, 6L], feed.Select(m => m.ChangeSeq));
        Assert.Equal(("", At(11)), (m1.Text, m1.DeletedAt));
        Assert.Equal([m1, m2], afterThree);
        Assert.Equal([m2], afterFive);
    }
}
