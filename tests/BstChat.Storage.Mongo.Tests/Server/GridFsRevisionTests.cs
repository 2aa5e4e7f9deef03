using MongoDB.Bson;
using MongoDB.Driver;
using Xunit;

namespace BstChat.Storage.Mongo.Tests.Server;

/// <summary>What the GridFS file store leaves in its bucket: one revision per key, and nothing of a write that failed or was deleted.</summary>
public sealed class GridFsRevisionTests(MongoServerFixture server) : IClassFixture<MongoServerFixture>
{
    [Fact]
    public async Task Rewriting_a_key_leaves_only_the_new_revision_and_deleting_it_leaves_no_chunks()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var (files, database) = (server.FileStore, server.Database);
        if (files is null || database is null)
        {
            Assert.Skip(server.SkipReason ?? "no MongoDB server");
        }

        var key = Guid.NewGuid().ToString("N");
        await files.WriteAsync(key, new MemoryStream(new byte[600_000]), cancellation);
        await files.WriteAsync(key, new MemoryStream(new byte[10]), cancellation);

        // The fixture's store uses the default prefix: the bucket is bstchat.content.
        var revisions = await database.GetCollection<BsonDocument>("bstchat.content.files").Find(new BsonDocument("filename", key)).ToListAsync(cancellation);
        var revision = Assert.Single(revisions);
        Assert.Equal(10, revision["length"].ToInt64());
        var chunks = database.GetCollection<BsonDocument>("bstchat.content.chunks");
        Assert.Equal(1, await chunks.CountDocumentsAsync(new BsonDocument("files_id", revision["_id"]), cancellationToken: cancellation));

        await files.DeleteAsync(key, cancellation);

        Assert.Equal(0, await database.GetCollection<BsonDocument>("bstchat.content.files").CountDocumentsAsync(new BsonDocument("filename", key), cancellationToken: cancellation));
        Assert.Equal(0, await chunks.CountDocumentsAsync(new BsonDocument("files_id", revision["_id"]), cancellationToken: cancellation));
    }
}
