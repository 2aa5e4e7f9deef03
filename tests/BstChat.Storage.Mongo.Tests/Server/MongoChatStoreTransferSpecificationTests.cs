using BstChat.Storage.Specification;
using Xunit;

namespace BstChat.Storage.Mongo.Tests.Server;

/// <summary>
/// The export/import specification over the wire: against the MongoDB emulator (mongomock, not
/// mongod) by default, or against the real server named by <c>BSTCHAT_MONGO_URL</c>.
/// </summary>
public sealed class MongoChatStoreTransferSpecificationTests : ChatStoreTransferSpecification, IClassFixture<MongoServerFixture>
{
    private readonly IMessageStore _store;
    private readonly IChatStoreImport _transfer;

    public MongoChatStoreTransferSpecificationTests(MongoServerFixture server)
    {
        if (server.Store is null || server.Transfer is null)
        {
            Assert.Skip(server.SkipReason ?? "no MongoDB server");
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"Running against {server.Server}.");
        _store = server.Store;
        _transfer = server.Transfer;
    }

    protected override IMessageStore CreateStore() => _store;

    protected override IChatStoreImport CreateTransfer() => _transfer;
}
