using System.Data.Common;
using System.Net.Sockets;

namespace BstChat.Storage.EfCore.Resilience;

/// <summary>The one place that reads provider exceptions, without depending on any provider.</summary>
internal static class StoreFailures
{
    // SQLSTATE classes and codes, shared by PostgreSQL and the SQL standard.
    private const string SerializationFailure = "40001";
    private const string DeadlockDetected = "40P01";
    private const string LockNotAvailable = "55P03";

    // SQLite primary result codes (https://www.sqlite.org/rescode.html).
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteIoError = 10;
    private const int SqliteFull = 13;
    private const int SqliteCantOpen = 14;

    public static StoreFailureKind Classify(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case DbException db when db.SqlState is SerializationFailure or DeadlockDetected or LockNotAvailable:
                    return StoreFailureKind.Contention;
                case DbException db when SqliteErrorCode(db) is { } code:
                    return code switch
                    {
                        SqliteBusy or SqliteLocked => StoreFailureKind.Contention,
                        SqliteIoError or SqliteFull or SqliteCantOpen => StoreFailureKind.Unavailable,
                        _ => StoreFailureKind.Other,
                    };
                case DbException { IsTransient: true }:
                case TimeoutException:
                case SocketException:
                    return StoreFailureKind.Unavailable;
            }
        }

        return StoreFailureKind.Other;
    }

    /// <summary>
    /// What the provider said went wrong, for the host's log: the first provider, socket or timeout
    /// error in the chain, with its innermost cause when that says more (e.g. "Failed to connect to
    /// 127.0.0.1:5432 (Connection refused)."), as a sentence, rather than EF Core's wrapper that only suggests a
    /// transient failure. It names servers, so it never goes into an HTTP answer.
    /// </summary>
    public static string Describe(Exception exception)
    {
        var cause = exception;
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is DbException or TimeoutException or SocketException)
            {
                cause = current;
                break;
            }
        }

        var innermost = cause;
        while (innermost.InnerException is { } inner)
        {
            innermost = inner;
        }

        var text = innermost == cause || cause.Message.Contains(innermost.Message, StringComparison.Ordinal)
            ? cause.Message
            : $"{cause.Message} ({innermost.Message})";
        return text.EndsWith('.') ? text : text + ".";
    }

    /// <summary>
    /// Microsoft.Data.Sqlite reports busy and locked only in its own <c>SqliteErrorCode</c>
    /// (not <see cref="DbException.IsTransient"/> nor <see cref="DbException.SqlState"/>); it is read
    /// by name so hosts on other databases need not carry the SQLite provider.
    /// </summary>
    private static int? SqliteErrorCode(DbException exception) =>
        exception.GetType().FullName == "Microsoft.Data.Sqlite.SqliteException"
            && exception.GetType().GetProperty("SqliteErrorCode")?.GetValue(exception) is int code
            ? code
            : null;
}
