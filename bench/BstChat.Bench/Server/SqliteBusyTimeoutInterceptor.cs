using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BstChat.Bench.Server;

/// <summary>
/// Sets SQLite's own busy timeout on every connection the bench server opens, when
/// <c>BSTCHAT_BENCH_SQLITE_BUSY_TIMEOUT</c> is set. Without it, Microsoft.Data.Sqlite waits for a
/// database another writer holds by sleeping the thread 150 ms between tries; SQLite's own busy
/// handler retries after 1, 2, 5, 10 … ms instead (docs/performance.md, sends).
/// </summary>
internal sealed class SqliteBusyTimeoutInterceptor : DbConnectionInterceptor
{
    private const string Pragma = "PRAGMA busy_timeout = 10000;";

    public static bool Enabled => Environment.GetEnvironmentVariable("BSTCHAT_BENCH_SQLITE_BUSY_TIMEOUT") is { Length: > 0 };

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
