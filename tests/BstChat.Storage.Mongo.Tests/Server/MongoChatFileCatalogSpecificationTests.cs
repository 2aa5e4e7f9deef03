using BstChat.Storage.Specification;
using Xunit;

namespace BstChat.Storage.Mongo.Tests.Server;

/// <summary>
/// The file-record specification over the wire: against the MongoDB emulator (mongomock, not
/// mongod) by default, or against the real server named by <c>BSTCHAT_MONGO_URL</c>.
/// </summary>
public sealed class MongoChatFileCatalogSpecificationTests : ChatFileCatalogSpecification, IClassFixture<MongoServerFixture>
{
    private readonly IChatFileCatalog _catalog;

    public MongoChatFileCatalogSpecificationTests(MongoServerFixture server)
    {
        if (server.Catalog is null)
        {
            Assert.Skip(server.SkipReason ?? "no MongoDB server");
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"Running against {server.Server}.");
        _catalog = server.Catalog;
    }

    // One thread-safe singleton serves every actor, as in a host.
    protected override IChatFileCatalog CreateCatalog() => _catalog;
}
