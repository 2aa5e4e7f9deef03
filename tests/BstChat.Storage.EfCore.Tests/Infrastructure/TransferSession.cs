using BstChat.Storage.EfCore.Store;
using Microsoft.Extensions.Logging.Abstractions;

namespace BstChat.Storage.EfCore.Tests.Infrastructure;

/// <summary>A database's export and import over a context of its own; disposing it disposes the context.</summary>
public sealed class TransferSession(BstChatDbContext db, IChatStoreImport transfer) : IAsyncDisposable
{
    public IChatStoreImport Transfer { get; } = transfer;

    public ValueTask DisposeAsync() => db.DisposeAsync();
}

/// <summary>Opens <see cref="TransferSession"/>s.</summary>
public static class TransferSessions
{
    public static TransferSession OpenTransfer(this TestDatabase database)
    {
        database.RequireAvailable();
        var db = database.CreateContext();
        return new TransferSession(db, new EfCoreStoreTransfer<BstChatDbContext>(
            db, TimeProvider.System, NullLogger<EfCoreStoreTransfer<BstChatDbContext>>.Instance));
    }
}
