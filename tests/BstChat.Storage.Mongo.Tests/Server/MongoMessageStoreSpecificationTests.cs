using BstChat.Storage.Specification;
using Xunit;

namespace BstChat.Storage.Mongo.Tests.Server;

/// <summary>
/// The store specification over the wire: against the MongoDB emulator (mongomock, not mongod)
/// by default, or against the real server named by <c>BSTCHAT_MONGO_URL</c>.
/// </summary>
public sealed class MongoMessageStoreSpecificationTests : MessageStoreSpecification, IClassFixture<MongoServerFixture>
{
    private readonly IMessageStore _store;

    public MongoMessageStoreSpecificationTests(MongoServerFixture server)
    {
        // A runtime skip from the constructor: the runner reports every inherited test as skipped, not failed.
        if (server.Store is null)
        {
            Assert.Skip(server.SkipReason ?? "no MongoDB server");
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"Running against {server.Server}.");
        _store = server.Store;
    }

    // One thread-safe singleton serves every actor, as in a host.
    protected override IMessageStore CreateStore() => _store;
}
