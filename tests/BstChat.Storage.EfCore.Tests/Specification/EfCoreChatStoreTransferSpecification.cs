using BstChat.Storage.EfCore.Tests.Infrastructure;
using BstChat.Storage.Specification;

namespace BstChat.Storage.EfCore.Tests.Specification;

/// <summary>The export/import specification over one database, through the store and the transfer a host registers.</summary>
public abstract class EfCoreChatStoreTransferSpecification(TestDatabase database) : ChatStoreTransferSpecification
{
    protected override IMessageStore CreateStore() => database.OpenStore();

    protected override IChatStoreImport CreateTransfer() => database.OpenTransfer();
}

/// <summary>The export/import specification on a SQLite file.</summary>
public sealed class SqliteChatStoreTransferSpecificationTests(SqliteDatabase database) : EfCoreChatStoreTransferSpecification(database);

/// <summary>The export/import specification on PostgreSQL.</summary>
public sealed class PostgresChatStoreTransferSpecificationTests(PostgresDatabase database) : EfCoreChatStoreTransferSpecification(database);
