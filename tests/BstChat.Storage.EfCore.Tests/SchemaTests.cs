using BstChat.Storage.EfCore.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace BstChat.Storage.EfCore.Tests;

/// <summary>EnsureBstChatCreatedAsync: idempotent, and SQLite ends up in WAL mode.</summary>
public sealed class SchemaTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EnsureBstChatCreatedAsync_creates_once_and_leaves_SQLite_in_WAL_mode()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"bstchat-schema-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var connectionString = $"Data Source={Path.Combine(folder, "chat.db")}";
        try
        {
            var options = new DbContextOptionsBuilder<BstChatDbContext>().UseSqlite(connectionString).Options;
            await using (var db = new BstChatDbContext(options))
            {
                Assert.True(await db.Database.EnsureBstChatCreatedAsync(Ct));
                Assert.False(await db.Database.EnsureBstChatCreatedAsync(Ct));
            }

            // A new connection reads the mode from the file: WAL stays on.
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode;";
            Assert.Equal("wal", await command.ExecuteScalarAsync(Ct));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
