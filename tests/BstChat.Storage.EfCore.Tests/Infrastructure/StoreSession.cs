using BstChat.Storage;

namespace BstChat.Storage.EfCore.Tests.Infrastructure;

/// <summary>A store and the context it runs on; disposing it disposes the context.</summary>
public sealed class StoreSession(BstChatDbContext db, IMessageStore store) : IAsyncDisposable
{
    public BstChatDbContext Db { get; } = db;

    public IMessageStore Store { get; } = store;

    public ValueTask DisposeAsync() => Db.DisposeAsync();
}
