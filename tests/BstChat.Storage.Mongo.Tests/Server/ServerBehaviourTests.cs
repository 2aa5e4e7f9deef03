using MongoDB.Bson;
using MongoDB.Driver;
using Xunit;

namespace BstChat.Storage.Mongo.Tests.Server;

/// <summary>
/// The server behaviours the store relies on, checked on the server the suites run against: by
/// default the MongoDB emulator, whose front (tests/MongoEmulator) must answer as mongod does.
/// </summary>
public sealed class ServerBehaviourTests(MongoServerFixture server) : IClassFixture<MongoServerFixture>
{
    [Fact]
    public async Task The_server_says_whether_it_is_the_emulator()
    {
        var info = await Database.RunCommandAsync<BsonDocument>(new BsonDocument("buildInfo", 1), cancellationToken: TestContext.Current.CancellationToken);

        if (server.Server.Contains("emulator", StringComparison.Ordinal))
        {
            Assert.Contains("an emulator, not mongod", info["emulator"].AsString, StringComparison.Ordinal);
        }
        else
        {
            Assert.False(info.Contains("emulator"));
        }
    }

    [Fact]
    public async Task A_duplicate_key_is_error_11000_naming_the_index_and_the_key()
    {
        var collection = Collection();
        await collection.Indexes.CreateOneAsync(
            new CreateIndexModel<BsonDocument>(new BsonDocument { { "c", 1 }, { "s", 1 } }, new CreateIndexOptions { Name = "by_c_s", Unique = true }),
            cancellationToken: TestContext.Current.CancellationToken);
        await collection.InsertOneAsync(new BsonDocument { { "_id", "a" }, { "c", "x" }, { "s", 1 } }, cancellationToken: TestContext.Current.CancellationToken);

        var byIndex = await Assert.ThrowsAsync<MongoWriteException>(() =>
            collection.InsertOneAsync(new BsonDocument { { "_id", "b" }, { "c", "x" }, { "s", 1 } }, cancellationToken: TestContext.Current.CancellationToken));
        var byId = await Assert.ThrowsAsync<MongoWriteException>(() =>
            collection.InsertOneAsync(new BsonDocument { { "_id", "a" }, { "c", "y" } }, cancellationToken: TestContext.Current.CancellationToken));
        var byUpsert = await Assert.ThrowsAsync<MongoCommandException>(() => collection.FindOneAndUpdateAsync(
            new BsonDocument("_id", "c"),
            new BsonDocument("$set", new BsonDocument { { "c", "x" }, { "s", 1 } }),
            new FindOneAndUpdateOptions<BsonDocument> { IsUpsert = true },
            TestContext.Current.CancellationToken));

        Assert.Equal((ServerErrorCategory.DuplicateKey, 11000), (byIndex.WriteError.Category, byIndex.WriteError.Code));
        Assert.Contains("by_c_s", byIndex.WriteError.Message, StringComparison.Ordinal);
        Assert.Equal(ServerErrorCategory.DuplicateKey, byId.WriteError.Category);
        Assert.Equal(11000, byUpsert.Code);
        Assert.Equal(new BsonDocument { { "c", 1 }, { "s", 1 } }, byUpsert.Result["keyPattern"]);
        Assert.Equal(new BsonDocument { { "c", "x" }, { "s", 1 } }, byUpsert.Result["keyValue"]);
    }

    [Fact]
    public async Task Concurrent_conditional_updates_of_one_document_each_see_the_one_before()
    {
        var collection = Collection();
        await collection.InsertOneAsync(new BsonDocument { { "_id", "counter" }, { "n", 0L } }, cancellationToken: TestContext.Current.CancellationToken);

        var taken = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(async () =>
        {
            var after = await collection.FindOneAndUpdateAsync(
                new BsonDocument("_id", "counter"),
                new BsonDocument("$inc", new BsonDocument("n", 1L)),
                new FindOneAndUpdateOptions<BsonDocument> { ReturnDocument = ReturnDocument.After },
                TestContext.Current.CancellationToken);
            return after["n"].ToInt64();
        }, TestContext.Current.CancellationToken)));

        Assert.Equal(Enumerable.Range(1, 32).Select(i => (long)i), taken.Order());
    }

    [Fact]
    public async Task A_cursor_returns_every_document_across_its_batches_in_order()
    {
        var collection = Collection();
        await collection.InsertManyAsync(Enumerable.Range(0, 250).Select(i => new BsonDocument { { "_id", i }, { "k", "x" } }), cancellationToken: TestContext.Current.CancellationToken);

        var read = await collection.Find(new BsonDocument("k", "x"), new FindOptions { BatchSize = 40 })
            .Sort(new BsonDocument("_id", -1))
            .ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal(Enumerable.Range(0, 250).Reverse(), read.Select(d => d["_id"].AsInt32));
    }

    private IMongoDatabase Database
    {
        get
        {
            if (server.Database is null)
            {
                Assert.Skip(server.SkipReason ?? "no MongoDB server");
            }

            return server.Database;
        }
    }

    private IMongoCollection<BsonDocument> Collection() => Database.GetCollection<BsonDocument>($"behaviour_{Guid.NewGuid():N}");
}
