using Xunit;

namespace BstChat.Storage.Specification;

// A user's inbox: their conversations, latest change first, with unread counts and the last message.
public abstract partial class MessageStoreSpecification
{
    [Fact]
    public async Task The_inbox_lists_only_the_user_s_conversations()
    {
        var store = CreateStore();
        var alice = NewUserId("alice");
        var bob = NewUserId("bob");
        var both = (await CreateConversationAsync(store, "both", createdAt: 1)).Id;
        var alicesOnly = (await CreateConversationAsync(store, "alice only", createdAt: 2)).Id;
        var bobsOnly = (await CreateConversationAsync(store, "bob only", createdAt: 3)).Id;
        await AddMemberAsync(store, both, alice);
        await AddMemberAsync(store, both, bob);
        await AddMemberAsync(store, alicesOnly, alice);
        await AddMemberAsync(store, bobsOnly, bob);

        var inbox = await store.GetInboxAsync(alice, 100, Cancellation);

        Assert.Equal([alicesOnly, both], inbox.Select(e => e.Conversation.Id));
        Assert.Equal(["alice only", "both"], inbox.Select(e => e.Conversation.Title));
        Assert.Empty(await store.GetInboxAsync(NewUserId("nobody"), 100, Cancellation));
    }

    [Fact]
    public async Task Unread_counts_messages_after_the_read_marker_that_others_sent_and_that_are_not_deleted()
    {
        var store = CreateStore();
        var alice = NewUserId("alice");
        var bob = NewUserId("bob");
        var id = (await CreateConversationAsync(store)).Id;
        await AddMemberAsync(store, id, alice);
        await AddMemberAsync(store, id, bob);
        await SendAsync(store, id, bob, "b1", at: 1);       // seq 1
        await SendAsync(store, id, bob, "b2", at: 2);       // seq 2
        await SendAsync(store, id, alice, "a3", at: 3);     // seq 3
        await SendAsync(store, id, bob, "b4", at: 4);       // seq 4
        var b5 = await SendAsync(store, id, bob, "b5", at: 5); // seq 5
        await DeleteAsync(store, id, b5.Id, at: 6);         // seq 6
        await store.AdvanceReadMarkerAsync(id, alice, 1, Cancellation);

        var alicesEntry = Assert.Single(await store.GetInboxAsync(alice, 100, Cancellation));
        var bobsEntry = Assert.Single(await store.GetInboxAsync(bob, 100, Cancellation));

        // Alice: b2 and b4 (a3 is hers, b5 is deleted). Bob: only a3.
        Assert.Equal((1L, 2L), (alicesEntry.LastReadSeq, alicesEntry.UnreadCount));
        Assert.Equal((0L, 1L), (bobsEntry.LastReadSeq, bobsEntry.UnreadCount));

        await store.AdvanceReadMarkerAsync(id, alice, 6, Cancellation);
        Assert.Equal(0, Assert.Single(await store.GetInboxAsync(alice, 100, Cancellation)).UnreadCount);
    }

    [Fact]
    public async Task The_last_message_is_the_latest_one_not_deleted_in_its_current_state()
    {
        var store = CreateStore();
        var alice = NewUserId("alice");
        var id = (await CreateConversationAsync(store)).Id;
        var empty = (await CreateConversationAsync(store)).Id;
        await AddMemberAsync(store, id, alice);
        await AddMemberAsync(store, empty, alice);
        var sent = await SendManyAsync(store, id, 3);
        var edited = await EditAsync(store, id, sent[1].Id, "m2 edited", at: 10);
        await DeleteAsync(store, id, sent[2].Id, at: 11);

        var inbox = await store.GetInboxAsync(alice, 100, Cancellation);

        var entry = Assert.Single(inbox, e => e.Conversation.Id == id);
        Assert.Equal(edited, entry.LastMessage);
        Assert.Equal(5, entry.Conversation.LastSeq);
        var emptyEntry = Assert.Single(inbox, e => e.Conversation.Id == empty);
        Assert.Null(emptyEntry.LastMessage);
        Assert.Equal(0, emptyEntry.UnreadCount);
    }

    [Fact]
    public async Task The_inbox_is_ordered_by_latest_change_first()
    {
        var store = CreateStore();
        var alice = NewUserId("alice");
        var a = (await CreateConversationAsync(store, "a", createdAt: 0)).Id;
        var b = (await CreateConversationAsync(store, "b", createdAt: 0)).Id;
        var c = (await CreateConversationAsync(store, "c", createdAt: 0)).Id;
        var quiet = (await CreateConversationAsync(store, "quiet", createdAt: 25)).Id;
        foreach (var id in new[] { a, b, c, quiet })
        {
            await AddMemberAsync(store, id, alice);
        }

        await SendAsync(store, a, at: 30);
        var inB = await SendAsync(store, b, at: 10);
        await SendAsync(store, c, at: 20);
        var before = await store.GetInboxAsync(alice, 100, Cancellation);
        await EditAsync(store, b, inB.Id, "edited", at: 40);
        var after = await store.GetInboxAsync(alice, 100, Cancellation);

        // A conversation without messages counts from its creation.
        Assert.Equal([a, quiet, c, b], before.Select(e => e.Conversation.Id));
        Assert.Equal([b, a, quiet, c], after.Select(e => e.Conversation.Id));
        Assert.Equal(At(40), after[0].Conversation.LastChangeAt);
    }

    [Fact]
    public async Task A_removed_member_no_longer_sees_the_conversation_in_their_inbox()
    {
        var store = CreateStore();
        var alice = NewUserId("alice");
        var kept = (await CreateConversationAsync(store)).Id;
        var left = (await CreateConversationAsync(store)).Id;
        await AddMemberAsync(store, kept, alice);
        await AddMemberAsync(store, left, alice);

        await store.RemoveMemberAsync(left, alice, Cancellation);

        Assert.Equal([kept], (await store.GetInboxAsync(alice, 100, Cancellation)).Select(e => e.Conversation.Id));
    }

    [Fact]
    public async Task The_inbox_holds_at_most_the_limit_the_latest_changed_first()
    {
        var store = CreateStore();
        var alice = NewUserId("alice");
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var id = (await CreateConversationAsync(store, $"c{i}", createdAt: i)).Id;
            await AddMemberAsync(store, id, alice);
            ids.Add(id);
        }

        // A send moves the oldest conversation to the top.
        await SendAsync(store, ids[0], text: "news", at: 100);

        var top = await store.GetInboxAsync(alice, 3, Cancellation);
        var all = await store.GetInboxAsync(alice, 100, Cancellation);

        Assert.Equal([ids[0], ids[4], ids[3]], top.Select(e => e.Conversation.Id));
        Assert.Equal([ids[0], ids[4], ids[3], ids[2], ids[1]], all.Select(e => e.Conversation.Id));
        Assert.Equal(all.Take(3), top);
    }
}
