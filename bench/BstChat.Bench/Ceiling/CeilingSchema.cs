using BstChat.Bench.Server;
using BstChat.Storage.EfCore;
using Microsoft.EntityFrameworkCore;

namespace BstChat.Bench.Ceiling;

/// <summary>BstChat's own schema (tables, indexes, SQLite's WAL) and bare conversation rows for the raw ceiling to send into.</summary>
internal static class CeilingSchema
{
    public static async Task CreateAsync(StoreKind store, string connectionString, IReadOnlyList<string> conversations, CancellationToken cancellationToken)
    {
        var options = new DbContextOptionsBuilder<BstChatDbContext>();
        _ = store == StoreKind.Postgres ? options.UseNpgsql(connectionString) : options.UseSqlite(connectionString);
        await using var db = new BstChatDbContext(options.Options);
        await db.Database.EnsureBstChatCreatedAsync(cancellationToken);
        var now = TimeProvider.System.GetUtcNow();
        foreach (var id in conversations)
        {
            await db.Database.ExecuteSqlAsync(
                $"INSERT INTO bstchat_conversations (id, title, created_at, last_seq, last_change_at) VALUES ({id}, {id}, {now}, {0L}, {now})",
                cancellationToken);
        }
    }
}
