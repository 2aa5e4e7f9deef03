using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Microsoft.EntityFrameworkCore;

/// <summary>Prepares a database for BstChat without migrations.</summary>
public static class BstChatDatabaseFacadeExtensions
{
    private const string SqliteProvider = "Microsoft.EntityFrameworkCore.Sqlite";

    /// <summary>
    /// Creates the database with the context's tables when it has none (EF Core's
    /// <c>EnsureCreated</c>: an existing database is left as it is, so use migrations for a
    /// database you share with other tables), and switches a SQLite database to write-ahead
    /// logging so readers never wait for a writer. Safe to call at every start.
    /// </summary>
    /// <remarks>
    /// SQLite waits for a busy database for the connection's default command timeout before
    /// failing; set it in the connection string, e.g. <c>Data Source=chat.db;Default Timeout=10</c>.
    /// </remarks>
    /// <param name="database">The context's database, e.g. <c>context.Database</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether the tables were created.</returns>
    public static async Task<bool> EnsureBstChatCreatedAsync(this DatabaseFacade database, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        var created = await database.EnsureCreatedAsync(cancellationToken);
        if (database.ProviderName == SqliteProvider)
        {
            // Persistent: the database file remembers it, so every later connection is in WAL mode.
            await database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        return created;
    }
}
