using BstChat.Storage.Specification;
using Xunit;

namespace BstChat.Storage.Mongo.Tests.Server;

/// <summary>
/// The file-store specification over GridFS: against the MongoDB emulator (mongomock, not
/// mongod) by default, or against the real server named by <c>BSTCHAT_MONGO_URL</c>.
/// </summary>
public sealed class GridFsFileStoreSpecificationTests : ChatFileStoreSpecification, IClassFixture<MongoServerFixture>
{
    private readonly IChatFileStore _store;

    public GridFsFileStoreSpecificationTests(MongoServerFixture server)
    {
        if (server.FileStore is null)
        {
            Assert.Skip(server.SkipReason ?? "no MongoDB server");
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"Running against {server.Server}.");
        Assert.Equal("GridFsChatFileStore", server.FileStore.GetType().Name);
        _store = server.FileStore;
    }

    protected override IChatFileStore CreateStore() => _store;
}
