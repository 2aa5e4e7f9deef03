using System.Collections.Concurrent;
using BstChat.Storage.EfCore.Tests.Infrastructure;
using BstChat.Storage.Specification;

namespace BstChat.Storage.EfCore.Tests.Specification;

/// <summary>The export/import specification over one database; the store and the transfer get contexts of their own.</summary>
public abstract class EfCoreChatStoreTransferSpecification(TestDatabase database) : ChatStoreTransferSpecification, IAsyncDisposable
{
    private readonly ConcurrentBag<IAsyncDisposable> _sessions = [];

    protected override IMessageStore CreateStore()
    {
        var session = database.OpenStore();
        _sessions.Add(session);
        return session.Store;
    }

    protected override IChatStoreImport CreateTransfer()
    {
        var session = database.OpenTransfer();
        _sessions.Add(session);
        return session.Transfer;
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

/// <summary>The export/import specification on a SQLite file.</summary>
public sealed class SqliteChatStoreTransferSpecificationTests(SqliteDatabase database) : EfCoreChatStoreTransferSpecification(database);

/// <summary>The export/import specification on PostgreSQL.</summary>
public sealed class PostgresChatStoreTransferSpecificationTests(PostgresDatabase database) : EfCoreChatStoreTransferSpecification(database);
