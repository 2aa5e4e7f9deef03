using BstChat.Storage.EfCore.Files;
using BstChat.Storage.EfCore.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;

namespace BstChat.Storage.EfCore.Tests.Infrastructure;

/// <summary>A database for one test run, with BstChat's schema created once.</summary>
public abstract class TestDatabase : IAsyncLifetime
{
    /// <summary>The provider's name in test output.</summary>
    public abstract string Name { get; }

    /// <summary>Points the options at this database.</summary>
    public abstract void Configure(DbContextOptionsBuilder options);

    /// <summary>Skips (or, where the database is required, fails) a test when the database is not there.</summary>
    public virtual void RequireAvailable()
    {
    }

    /// <summary>
    /// Waits until some session of this database waits for a lock another holds, where the database
    /// can tell (PostgreSQL); elsewhere returns at once, and the test's interleaving is only likely.
    /// </summary>
    public virtual Task WaitUntilAWriterWaitsForALockAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public BstChatDbContext CreateContext(params IInterceptor[] interceptors)
    {
        var options = new DbContextOptionsBuilder<BstChatDbContext>();
        Configure(options);
        if (interceptors.Length > 0)
        {
            options.AddInterceptors(interceptors);
        }

        return new BstChatDbContext(options.Options);
    }

    /// <summary>A store as a host has it: a singleton over a factory of contexts, here with <paramref name="interceptors"/> on each.</summary>
    public IMessageStore OpenStore(params IInterceptor[] interceptors)
    {
        RequireAvailable();
        return CreateStore(new TestContextFactory(this, interceptors));
    }

    /// <summary>The database's export and import, as a host has them.</summary>
    public IChatStoreImport OpenTransfer()
    {
        RequireAvailable();
        return new EfCoreStoreTransfer<BstChatDbContext>(
            new TestContextFactory(this, []), TimeProvider.System, NullLogger<EfCoreStoreTransfer<BstChatDbContext>>.Instance);
    }

    /// <summary>The store's file records over this database.</summary>
    public IChatFileCatalog OpenFileCatalog()
    {
        RequireAvailable();
        return new EfCoreFileCatalog<BstChatDbContext>(
            new TestContextFactory(this, []), TimeProvider.System, NullLogger<EfCoreFileCatalog<BstChatDbContext>>.Instance);
    }

    /// <summary>File content in this database.</summary>
    public IChatFileStore OpenFileStore()
    {
        RequireAvailable();
        return new EfCoreFileStore<BstChatDbContext>(
            new TestContextFactory(this, []), TimeProvider.System, NullLogger<EfCoreFileStore<BstChatDbContext>>.Instance);
    }

    public abstract ValueTask InitializeAsync();

    protected virtual IMessageStore CreateStore(IDbContextFactory<BstChatDbContext> contexts) => new EfCoreMessageStore<BstChatDbContext>(
        contexts, Microsoft.Extensions.Options.Options.Create(new BstChatOptions()), TimeProvider.System,
        NullLogger<EfCoreMessageStore<BstChatDbContext>>.Instance);

    public abstract ValueTask DisposeAsync();

    protected async Task CreateSchemaAsync()
    {
        await using var db = CreateContext();
        await db.Database.EnsureBstChatCreatedAsync();
    }
}
