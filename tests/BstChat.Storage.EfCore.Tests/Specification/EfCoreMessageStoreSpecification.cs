using BstChat.Storage.EfCore.Tests.Infrastructure;
using BstChat.Storage.Specification;

namespace BstChat.Storage.EfCore.Tests.Specification;

/// <summary>The store specification over one database; each actor gets a store of its own over the same factory of contexts.</summary>
public abstract class EfCoreMessageStoreSpecification(TestDatabase database) : MessageStoreSpecification
{
    protected override IMessageStore CreateStore() => database.OpenStore();
}

/// <summary>The store specification on a SQLite file in WAL mode.</summary>
public sealed class SqliteMessageStoreSpecificationTests(SqliteDatabase database) : EfCoreMessageStoreSpecification(database);

/// <summary>The store specification on PostgreSQL (READ COMMITTED).</summary>
public sealed class PostgresMessageStoreSpecificationTests(PostgresDatabase database) : EfCoreMessageStoreSpecification(database);

/// <summary>The store specification on PostgreSQL, taking sequence numbers without UPDATE … RETURNING.</summary>
public sealed class PostgresWithoutUpdateReturningMessageStoreSpecificationTests(PostgresDatabase database)
    : EfCoreMessageStoreSpecification(new WithoutUpdateReturning(database));
