using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;

namespace BstChat.Storage.EfCore.Resilience;

/// <summary>
/// Queues this process's writers to one SQLite database without blocking a thread. SQLite takes
/// one writer at a time, and Microsoft.Data.Sqlite waits for a busy database by sleeping the
/// calling thread 150 ms between tries: under concurrent sends that parked thread-pool threads
/// for seconds and made the slowest sends take seconds (docs/performance.md). Queued here, a
/// writer waits only for the write ahead of it. Writers in other processes still meet SQLite's
/// busy wait, as before.
/// </summary>
internal static class SqliteWriteGate
{
    private const string SqliteProvider = "Microsoft.EntityFrameworkCore.Sqlite";

    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    /// <summary>The gate of the context's SQLite database, or <see langword="null"/> for other providers.</summary>
    public static SemaphoreSlim? For(DbContext db) =>
        db.Database.ProviderName == SqliteProvider && db.Database.GetConnectionString() is { } connectionString
            ? Gates.GetOrAdd(connectionString, static _ => new SemaphoreSlim(1, 1))
            : null;
}
