using BstChat.Storage.EfCore.Tests.Infrastructure;
using BstChat.Storage.Specification;

namespace BstChat.Storage.EfCore.Tests.Specification;

/// <summary>The file-record specification over the EF Core store, the way the store runs it.</summary>
public abstract class EfCoreFileCatalogSpecification(TestDatabase database) : ChatFileCatalogSpecification
{
    protected override IChatFileCatalog CreateCatalog() => database.OpenFileCatalog();
}

public sealed class SqliteFileCatalogSpecificationTests(SqliteDatabase database) : EfCoreFileCatalogSpecification(database);

public sealed class PostgresFileCatalogSpecificationTests(PostgresDatabase database) : EfCoreFileCatalogSpecification(database);
