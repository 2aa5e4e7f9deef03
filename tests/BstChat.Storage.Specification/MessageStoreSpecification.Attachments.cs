using Xunit;

namespace BstChat.Storage.Specification;

// Attachments: a message keeps the files it carries, in order, everywhere it is read; a tombstone carries none.
public abstract partial class MessageStoreSpecification
{
    private static MessageAttachments TwoAttachments() => MessageAttachments.Of(
    [
        new MessageAttachment { FileId = Guid.NewGuid().ToString("N"), Name = "homework \u00e9.jpg", ContentType = "image/jpeg", Size = 123_456, Width = 4032, Height = 3024, HasThumbnail = true },
        new MessageAttachment { FileId = Guid.NewGuid().ToString("N"), Name = "worksheet.pdf", ContentType = "application/pdf", Size = 10L * 1024 * 1024 * 1024 },
    ]);

    [Fact]
    public async Task A_message_keeps_its_attachments_in_order_wherever_it_is_read()
    {
        var store = CreateStore();
        var id = (await CreateConversationAsync(store)).Id;
        var alice = NewUserId("alice");
        await AddMemberAsync(store, id, alice);
        var attachments = TwoAttachments();

        var sent = await SendAsync(store, Draft(id, alice) with { Text = "", Attachments = attachments });

        Assert.Equal(attachments, sent.Attachments);
        Assert.Equal(sent, await store.FindMessageAsync(id, sent.Id, Cancellation));
        Assert.Equal(sent, Assert.Single((await store.GetHistoryAsync(id, null, 10, Cancellation)).Messages));
        Assert.Equal(sent, Assert.Single(await store.GetChangesAsync(id, 0, 10, Cancellation)));
        var inbox = await store.GetInboxAsync(alice, 10, Cancellation);
        Assert.Equal(attachments, Assert.Single(inbox).LastMessage?.Attachments);
    }

    [Fact]
    public async Task An_edit_keeps_the_attachments_and_a_delete_drops_them()
    {
        var store = CreateStore();
        var id = (await CreateConversationAsync(store)).Id;
        var attachments = TwoAttachments();
        var sent = await SendAsync(store, Draft(id) with { Attachments = attachments });

        var edited = await EditAsync(store, id, sent.Id, "see the photo", at: 10);
        var deleted = await DeleteAsync(store, id, sent.Id, at: 20);

        Assert.Equal(attachments, edited?.Attachments);
        Assert.Empty(deleted!.Attachments);
        Assert.Empty((await store.FindMessageAsync(id, sent.Id, Cancellation))!.Attachments);
        Assert.Empty(Assert.Single(await store.GetChangesAsync(id, 0, 10, Cancellation)).Attachments);
    }

    [Fact]
    public async Task A_message_without_files_reads_back_with_none()
    {
        var store = CreateStore();
        var id = (await CreateConversationAsync(store)).Id;

        var sent = await SendAsync(store, Draft(id));

        Assert.Same(MessageAttachments.Empty, sent.Attachments);
        Assert.Empty((await store.FindMessageAsync(id, sent.Id, Cancellation))!.Attachments);
    }
}
