using MongoDB.Bson;
using Xunit;

namespace BstChat.Storage.Mongo.Tests.Server;

/// <summary>
/// A claim of several files is written one file at a time (the store has no transactions): a file
/// that moves between the claim's read and its write makes the claim take none, putting back what
/// it had taken. The claim is stopped exactly there by holding its first write (<see cref="CommandWatch"/>).
/// </summary>
public sealed class FileClaimRaceTests(MongoServerFixture server) : IClassFixture<MongoServerFixture>
{
    private static readonly DateTimeOffset At = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    // Bounds the test only when the code under it is wrong (a claim never reaching its write).
    private const int Timeout = 120_000;

    [Fact(Timeout = Timeout)]
    public async Task A_file_taken_away_midway_makes_the_claim_put_back_the_files_it_had_claimed()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var records = server.Catalog;
        if (records is null)
        {
            Assert.Skip(server.SkipReason ?? "no MongoDB server");
        }

        await using var watch = CommandWatch.Start(server);
        await using var instance = StoreInstance.Create(watch.Database, TimeSpan.FromHours(1));
        var catalog = instance.Part<IChatFileCatalog>();
        var conversationId = Guid.NewGuid().ToString("N");
        var first = File(conversationId);
        var second = File(conversationId);
        await records.AddFileAsync(first, cancellation);
        await records.AddFileAsync(second, cancellation);
        var firstWrite = watch.Hold(IsFileUpdate);

        var claim = catalog.ClaimFilesAsync(new FileClaim
        {
            ConversationId = conversationId,
            FileIds = [first.Id, second.Id],
            UploaderId = "ben",
            MessageId = Guid.NewGuid().ToString("N"),
            At = At.AddSeconds(50),
        }, cancellation).AsTask();
        await firstWrite.Reached.WaitAsync(cancellation);
        // Both files were read and allowed; now the sweeper expires the second before the claim writes it.
        Assert.True(await records.SetFileStateAsync(conversationId, second.Id, ChatFileState.Ready, ChatFileState.Deleted, At.AddSeconds(40), cancellation));
        firstWrite.Release();

        Assert.Null(await claim);
        Assert.Equal(first, await records.FindFileAsync(conversationId, first.Id, cancellation));
        Assert.Equal(ChatFileState.Deleted, (await records.FindFileAsync(conversationId, second.Id, cancellation))?.State);
        // The first file's claim, the second's that matched nothing, then the first's undoing.
        Assert.Equal(3, watch.Count(IsFileUpdate));
    }

    // The fixture's store uses the default prefix.
    private static bool IsFileUpdate(BsonDocument command) =>
        command.TryGetValue("update", out var collection) && collection.AsString == "bstchat.files";

    private static ChatFile File(string conversationId) => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        ConversationId = conversationId,
        UploaderId = "ben",
        Name = "notes.pdf",
        ContentType = "application/pdf",
        Size = 10,
        ContentHash = new string('b', 64),
        CreatedAt = At,
        State = ChatFileState.Ready,
        StateChangedAt = At,
    };
}
