using Xunit;

namespace BstChat.Storage.Specification;

// History pages: the latest messages before a seq, ascending, tombstones included.
public abstract partial class MessageStoreSpecification
{
    [Fact]
    public async Task The_latest_page_is_ascending_by_seq_and_says_whether_more_exist()
    {
        var store = CreateStore();
        var id = (await CreateConversationAsync(store)).Id;
        var sent = await SendManyAsync(store, id, 5);

        var page = await store.GetHistoryAsync(id, beforeSeq: null, limit: 3, Cancellation);
        var all = await store.GetHistoryAsync(id, beforeSeq: null, limit: 50, Cancellation);

        Assert.Equal(sent[2..], page.Messages);
        Assert.True(page.HasMore);
        Assert.Equal(sent, all.Messages);
        Assert.False(all.HasMore);
    }

    [Fact]
    public async Task Paging_back_with_beforeSeq_walks_to_the_start_without_overlap_or_gap()
    {
        var store = CreateStore();
        var id = (await CreateConversationAsync(store)).Id;
        // Edits between sends take seqs too, so message seqs have holes: paging must go by Seq, not by position.
        var sent = new List<Message>();
        for (var i = 1; i <= 10; i++)
        {
            var message = await SendAsync(store, id, text: $"m{i}", at: i);
            sent.Add(i % 3 == 0 ? (await EditAsync(store, id, message.Id, $"m{i} edited", at: i))! : message);
        }

        var walked = new List<Message>();
        long? before = null;
        var pages = 0;
        while (true)
        {
            var page = await store.GetHistoryAsync(id, before, limit: 3, Cancellation);
            pages++;
            Assert.InRange(page.Messages.Count, 1, 3);
            walked.InsertRange(0, page.Messages);
            if (!page.HasMore)
            {
                break;
            }

            Assert.Equal(3, page.Messages.Count);
            before = page.Messages[0].Seq;
        }

        Assert.Equal(sent, walked);
        Assert.Equal(4, pages);

        // m7 has seq 9 because the edit of m6 took seq 8: "before 8" is m4, m5, m6.
        var beforeAnEdit = await store.GetHistoryAsync(id, beforeSeq: 8, limit: 3, Cancellation);
        Assert.Equal(sent[3..6], beforeAnEdit.Messages);
        Assert.True(beforeAnEdit.HasMore);
    }

    [Fact]
    public async Task A_page_that_reaches_the_first_message_says_there_is_no_more()
    {
        var store = CreateStore();
        var id = (await CreateConversationAsync(store)).Id;
        var sent = await SendManyAsync(store, id, 6);

        var latest = await store.GetHistoryAsync(id, beforeSeq: null, limit: 3, Cancellation);
        var oldest = await store.GetHistoryAsync(id, beforeSeq: latest.Messages[0].Seq, limit: 3, Cancellation);
        var beforeFirst = await store.GetHistoryAsync(id, beforeSeq: 1, limit: 3, Cancellation);

        Assert.Equal(sent[3..], latest.Messages);
        Assert.True(latest.HasMore);
        Assert.Equal(sent[..3], oldest.Messages);
        Assert.False(oldest.HasMore);
        Assert.Empty(beforeFirst.Messages);
        Assert.False(beforeFirst.HasMore);
    }

    [Fact]
    public async Task History_shows_messages_in_their_current_state_tombstones_included()
    {
        var store = CreateStore();
        var id = (await CreateConversationAsync(store)).Id;
        var sent = await SendManyAsync(store, id, 3);
        var edited = await EditAsync(store, id, sent[0].Id, "m1 edited", at: 10);
        var tombstone = await DeleteAsync(store, id, sent[1].Id, at: 11);

        var page = await store.GetHistoryAsync(id, beforeSeq: null, limit: 10, Cancellation);

        Assert.NotNull(edited);
        Assert.NotNull(tombstone);
        Assert.Equal([edited, tombstone, sent[2]], page.Messages);
        Assert.Equal(("", At(11)), (page.Messages[1].Text, page.Messages[1].DeletedAt));
    }

    [Fact]
    public async Task History_of_an_empty_or_unknown_conversation_is_empty()
    {
        var store = CreateStore();
        var id = (await CreateConversationAsync(store)).Id;

        var empty = await store.GetHistoryAsync(id, beforeSeq: null, limit: 10, Cancellation);
        var unknown = await store.GetHistoryAsync(NewConversationId(), beforeSeq: null, limit: 10, Cancellation);

        Assert.Empty(empty.Messages);
        Assert.False(empty.HasMore);
        Assert.Empty(unknown.Messages);
        Assert.False(unknown.HasMore);
    }
}
