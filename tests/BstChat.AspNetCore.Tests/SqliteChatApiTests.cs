using BstChat.Sample.Hosting;
using BstChat.Storage.EfCore;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BstChat.AspNetCore.Tests;

/// <summary>The HTTP API suite against the EF Core store on a real SQLite file in WAL mode, one file per test.</summary>
public sealed class SqliteChatApiTests : ChatApiTests
{
    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"bstchat-http-{Guid.NewGuid():N}.db");

    protected override void ConfigureStore(BstChatBuilder builder)
    {
        builder.Services.AddDbContextFactory<BstChatDbContext>(o => o.UseSqlite($"Data Source={_databasePath};Default Timeout=10"));
        // A hosted service registered here starts before the test host seeds its conversations.
        builder.Services.AddHostedService<ChatSchemaInitializer>();
        builder.AddEntityFrameworkCoreStore<BstChatDbContext>();
    }

    protected override ValueTask DisposeStoreAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_databasePath + suffix);
        }

        return ValueTask.CompletedTask;
    }
}
