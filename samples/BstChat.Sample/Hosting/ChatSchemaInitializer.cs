using BstChat.Storage.EfCore;
using Microsoft.EntityFrameworkCore;

namespace BstChat.Sample.Hosting;

/// <summary>
/// Creates the chat tables on start when the database has none. Registered before the demo
/// seeder, so the tables exist when it runs. A site with migrations would apply them instead.
/// </summary>
internal sealed class ChatSchemaInitializer(IDbContextFactory<BstChatDbContext> contexts) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.EnsureBstChatCreatedAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
