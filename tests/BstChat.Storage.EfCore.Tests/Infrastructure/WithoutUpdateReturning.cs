using BstChat.Storage.EfCore.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace BstChat.Storage.EfCore.Tests.Infrastructure;

/// <summary>
/// Another test database's data, through stores that use the portable SQL of providers not known
/// to BstChat: sequence numbers by UPDATE then read back (no UPDATE … RETURNING), and the inbox
/// page ordered and limited by LINQ (no LIMIT).
/// </summary>
public sealed class WithoutUpdateReturning(TestDatabase database) : TestDatabase
{
    public override string Name => $"{database.Name}, without UPDATE … RETURNING";

    public override void Configure(DbContextOptionsBuilder options) => database.Configure(options);

    public override void RequireAvailable() => database.RequireAvailable();

    public override Task WaitUntilAWriterWaitsForALockAsync(CancellationToken cancellationToken) => database.WaitUntilAWriterWaitsForALockAsync(cancellationToken);

    public override ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    protected override IMessageStore CreateStore(IDbContextFactory<BstChatDbContext> contexts) => new EfCoreMessageStore<BstChatDbContext>(
        contexts, static db => StoreSql.Create(db, useProviderSql: false), Microsoft.Extensions.Options.Options.Create(new BstChatOptions()),
        TimeProvider.System, NullLogger<EfCoreMessageStore<BstChatDbContext>>.Instance);
}
