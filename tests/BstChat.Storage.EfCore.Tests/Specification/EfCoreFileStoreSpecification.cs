using BstChat.Storage.EfCore.Tests.Infrastructure;
using BstChat.Storage.Specification;

namespace BstChat.Storage.EfCore.Tests.Specification;

/// <summary>The file-store specification over content kept in the database (<c>AddEntityFrameworkCoreFileStore</c>).</summary>
public abstract class EfCoreFileStoreSpecification(TestDatabase database) : ChatFileStoreSpecification
{
    protected override IChatFileStore CreateStore() => database.OpenFileStore();
}

public sealed class SqliteFileStoreSpecificationTests(SqliteDatabase database) : EfCoreFileStoreSpecification(database);

public sealed class PostgresFileStoreSpecificationTests(PostgresDatabase database) : EfCoreFileStoreSpecification(database);
