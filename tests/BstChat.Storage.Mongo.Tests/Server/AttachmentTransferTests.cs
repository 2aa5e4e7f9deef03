using Xunit;

namespace BstChat.Storage.Mongo.Tests.Server;

/// <summary>Export and import carry a message's attachments: a message sent with files exports with them, and one imported with files reads back with them.</summary>
public sealed class AttachmentTransferTests(MongoServerFixture server) : IClassFixture<MongoServerFixture>
{
    private static readonly DateTimeOffset At = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static readonly MessageAttachments Files = MessageAttachments.Of(
    [
        new MessageAttachment { FileId = Guid.NewGuid().ToString("N"), Name = "photo.jpg", ContentType = "image/jpeg", Size = 2048, Width = 800, Height = 600, HasThumbnail = true },
        new MessageAttachment { FileId = Guid.NewGuid().ToString("N"), Name = "sheet.pdf", ContentType = "application/pdf", Size = 99 },
    ]);

    [Fact]
    public async Task A_sent_message_exports_with_its_files_and_an_imported_one_reads_back_with_them()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var (store, transfer) = (server.Store, server.Transfer);
        if (store is null || transfer is null)
        {
            Assert.Skip(server.SkipReason ?? "no MongoDB server");
        }

        var sentIn = $"sent-{Guid.NewGuid():N}";
        await store.CreateConversationAsync(new Conversation { Id = sentIn, Title = "Sent", CreatedAt = At, LastChangeAt = At }, cancellation);
        var sent = (await store.AppendMessageAsync(new NewMessage
        {
            Id = Guid.NewGuid().ToString("N"),
            ConversationId = sentIn,
            SenderId = "ann",
            SenderName = "Ann",
            Text = "",
            CreatedAt = At,
            Attachments = Files,
        }, cancellation))!.Message;

        var exported = Assert.Single(await transfer.ExportMessagesAsync(sentIn, 0, 10, cancellation));

        var importedIn = $"imported-{Guid.NewGuid():N}";
        var imported = exported with { ConversationId = importedIn, Id = Guid.NewGuid().ToString("N") };
        await transfer.ImportMessagesAsync([imported], cancellation);
        await transfer.ImportConversationAsync(new Conversation { Id = importedIn, Title = "Imported", CreatedAt = At, LastChangeAt = At, LastSeq = imported.ChangeSeq }, cancellation);

        Assert.Equal(sent, exported);
        Assert.Equal(Files, exported.Attachments);
        Assert.Equal(imported, await store.FindMessageAsync(importedIn, imported.Id, cancellation));
        Assert.Equal(Files, Assert.Single(await store.GetChangesAsync(importedIn, 0, 10, cancellation)).Attachments);
    }
}
