using Xunit;

namespace BstChat.Storage.Specification;

// The record of edits and deletes: every change made appends what it replaced, who made it and when, atomically with the change.
public abstract partial class MessageStoreSpecification
{
    [Fact]
    public async Task An_edit_records_the_text_it_replaced_who_made_it_and_when()
    {
        var store = CreateStore();
        var id = (await CreateConversationAsync(store)).Id;
        var message = await SendAsync(store, id, text: "my number is 555-0100");

        var edited = await EditAsync(store, id, message.Id, "never mind", at: 10, by: "alice");

        var revision = Assert.Single(await store.GetRevisionsAsync(id, message.Id, Cancellation));
        Assert.Equal(
            new MessageRevision
            {
                ConversationId = id,
                MessageId = message.Id,
                ChangeSeq = edited!.ChangeSeq,
                Kind = MessageRevisionKind.Edited,
                PreviousText = "my number is 555-0100",
                ChangedBy = "alice",
                ChangedAt = At(10),
            },
            revision);
    }

    [Fact]
    public async Task A_delete_records_the_text_it_blanked_and_who_deleted_it()
    {
        var store = CreateStore();
        var id = (await CreateConversationAsync(store)).Id;
        var message = await SendAsync(store, id, senderId: "ben", text: "meet me outside");

        var tombstone = await DeleteAsync(store, id, message.Id, at: 10, by: "anna");

        var revision = Assert.Single(await store.GetRevisionsAsync(id, message.Id, Cancellation));
        Assert.Equal((MessageRevisionKind.Deleted, "meet me outside", "anna", At(10), tombstone!.ChangeSeq),
            (revision.Kind, revision.PreviousText, revision.ChangedBy, revision.ChangedAt, revision.ChangeSeq));
        Assert.Equal("", tombstone.Text);
    }

    [Fact]
    public async Task Every_change_of_a_message_is_kept_in_order_each_with_the_text_before_it()
    {
        var store = CreateStore();
        var id = (await CreateConversationAsync(store)).Id;
        var message = await SendAsync(store, id, text: "v1");
        var other = await SendAsync(store, id, text: "other");
        await EditAsync(store, id, message.Id, "v2", at: 10);
        await EditAsync(store, id, other.Id, "other, edited", at: 11);
        await EditAsync(store, id, message.Id, "v3", at: 12);
        await DeleteAsync(store, id, message.Id, at: 13, by: "moderator");

        var revisions = await store.GetRevisionsAsync(id, message.Id, Cancellation);

        Assert.Equal(
            [(3L, MessageRevisionKind.Edited, "v1"), (5L, MessageRevisionKind.Edited, "v2"), (6L, MessageRevisionKind.Deleted, "v3")],
            revisions.Select(r => (r.ChangeSeq, r.Kind, r.PreviousText)));
        Assert.Equal(["alice", "alice", "moderator"], revisions.Select(r => r.ChangedBy));
        Assert.Equal("other", Assert.Single(await store.GetRevisionsAsync(id, other.Id, Cancellation)).PreviousText);
    }

    [Fact]
    public async Task A_change_that_is_not_made_records_nothing()
    {
        var store = CreateStore();
        var id = (await CreateConversationAsync(store)).Id;
        var unchanged = await SendAsync(store, id, text: "same");
        var deleted = await SendAsync(store, id, text: "gone");
        await DeleteAsync(store, id, deleted.Id, at: 10);

        await EditAsync(store, id, unchanged.Id, "same", at: 11);
        await EditAsync(store, id, deleted.Id, "back again", at: 12);
        await DeleteAsync(store, id, deleted.Id, at: 13);
        await EditAsync(store, id, "no-such-message", "text", at: 14);

        Assert.Empty(await store.GetRevisionsAsync(id, unchanged.Id, Cancellation));
        Assert.Single(await store.GetRevisionsAsync(id, deleted.Id, Cancellation));
        Assert.Empty(await store.GetRevisionsAsync(id, "no-such-message", Cancellation));
        Assert.Empty(await store.GetRevisionsAsync(NewConversationId(), unchanged.Id, Cancellation));
    }

    [Fact]
    public async Task Revisions_belong_to_their_conversation()
    {
        var store = CreateStore();
        var first = (await CreateConversationAsync(store)).Id;
        var second = (await CreateConversationAsync(store)).Id;
        var message = await SendAsync(store, first, text: "before");
        await EditAsync(store, first, message.Id, "after", at: 10);

        Assert.Empty(await store.GetRevisionsAsync(second, message.Id, Cancellation));
    }
}
