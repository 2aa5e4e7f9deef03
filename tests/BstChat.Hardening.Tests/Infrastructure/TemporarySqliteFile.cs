using Microsoft.Data.Sqlite;

namespace BstChat.Hardening.Tests.Infrastructure;

/// <summary>A SQLite database file of the test's own in the temp folder, deleted (with its WAL) on dispose.</summary>
public sealed class TemporarySqliteFile : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"bstchat-hardening-{Guid.NewGuid():N}.db");

    /// <summary>A connection string to the file, waiting up to <paramref name="busyTimeoutSeconds"/> for another connection's lock.</summary>
    public string ConnectionString(int busyTimeoutSeconds = 10) => $"Data Source={Path};Default Timeout={busyTimeoutSeconds}";

    /// <summary>Opens a connection of this test process, outside any pool.</summary>
    public async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection($"Data Source={Path};Pooling=False");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        return connection;
    }

    /// <summary>Runs SQLite's own check of the whole file, which says <c>ok</c> when nothing is corrupt.</summary>
    public async Task AssertIntegrityAsync()
    {
        await using var connection = await OpenAsync();
        await using var check = new SqliteCommand("PRAGMA integrity_check", connection);
        Assert.Equal("ok", await check.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(Path + suffix);
        }
    }
}
