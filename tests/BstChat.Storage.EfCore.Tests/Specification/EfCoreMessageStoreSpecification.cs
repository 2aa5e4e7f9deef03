using System.Collections.Concurrent;
using BstChat.Storage.EfCore.Tests.Infrastructure;
using BstChat.Storage.Specification;

namespace BstChat.Storage.EfCore.Tests.Specification;

/// <summary>The store specification over one database; each actor gets a store with its own context.</summary>
public abstract class EfCoreMessageStoreSpecification(TestDatabase database) : MessageStoreSpecification, IAsyncDisposable
{
    private readonly ConcurrentBag<StoreSession> _sessions = [];

    protected override IMessageStore CreateStore()
    {
        var session = database.OpenStore();
        _sessions.Add(session);
        return session.Store;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var session in _sessions)
        {
            await session.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}

/// <summary>The store specification on a SQLite file in WAL mode.</summary>
public sealed class SqliteMessageStoreSpecificationTests(SqliteDatabase database) : EfCoreMessageStoreSpecification(database);

/// <summary>The store specification on PostgreSQL (READ COMMITTED).</summary>
public sealed class PostgresMessageStoreSpecificationTests(PostgresDatabase database) : EfCoreMessageStoreSpecification(database);

/// <summary>The store specification on PostgreSQL, taking sequence numbers without UPDATE … RETURNING.</summary>
public sealed class PostgresWithoutUpdateReturningMessageStoreSpecificationTests(PostgresDatabase database)
    : EfCoreMessageStoreSpecification(new WithoutUpdateReturning(database));
