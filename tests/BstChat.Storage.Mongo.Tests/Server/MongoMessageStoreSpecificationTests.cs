using BstChat.Storage.Specification;
using Xunit;

namespace BstChat.Storage.Mongo.Tests.Server;

/// <summary>The store specification against a real MongoDB server; skipped without <c>BSTCHAT_MONGO_URL</c>.</summary>
public sealed class MongoMessageStoreSpecificationTests : MessageStoreSpecification, IClassFixture<MongoServerFixture>
{
    private readonly IMessageStore _store;

    public MongoMessageStoreSpecificationTests(MongoServerFixture server)
    {
        // A runtime skip from the constructor: the runner reports every inherited test as skipped, not failed.
        if (server.Store is null)
        {
            Assert.Skip(MongoServerFixture.SkipReason);
        }

        _store = server.Store;
    }

    // One thread-safe singleton serves every actor, as in a host.
    protected override IMessageStore CreateStore() => _store;
}
