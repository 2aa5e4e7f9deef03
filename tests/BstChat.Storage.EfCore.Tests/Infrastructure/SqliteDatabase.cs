using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace BstChat.Storage.EfCore.Tests.Infrastructure;

/// <summary>A real SQLite file in a temporary folder, in WAL mode, shared by the whole run.</summary>
public sealed class SqliteDatabase : TestDatabase
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"bstchat-tests-{Guid.NewGuid():N}");

    public override string Name => "SQLite";

    public string ConnectionString { get; private set; } = "";

    /// <summary>How long SQLite waits for a busy database before failing.</summary>
    public int DefaultTimeoutSeconds { get; init; } = 30;

    public override void Configure(DbContextOptionsBuilder options) => options.UseSqlite(ConnectionString);

    public override async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(_folder, "chat.db"),
            DefaultTimeout = DefaultTimeoutSeconds,
            Pooling = true,
        }.ToString();
        await CreateSchemaAsync();
    }

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}
