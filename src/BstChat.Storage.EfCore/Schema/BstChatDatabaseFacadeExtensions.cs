using BstChat;
using BstChat.Storage.EfCore.Resilience;
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
    /// <exception cref="ChatStoreUnavailableException">
    /// The database cannot be reached; the message names the provider's cause (e.g. "BstChat could not
    /// reach the database to create its tables: Failed to connect to 127.0.0.1:5432 (Connection refused).").
    /// </exception>
    public static async Task<bool> EnsureBstChatCreatedAsync(this DatabaseFacade database, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        try
        {
            var created = await database.EnsureCreatedAsync(cancellationToken);
            if (database.ProviderName == SqliteProvider)
            {
                // Persistent: the database file remembers it, so every later connection is in WAL mode.
                await database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }

            return created;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && StoreFailures.Classify(exception) == StoreFailureKind.Unavailable)
        {
            // At start-up this is what the host's console shows first: say what failed, not EF Core's "likely a transient failure".
            throw new ChatStoreUnavailableException($"BstChat could not reach the database to create its tables: {StoreFailures.Describe(exception)}", exception);
        }
    }
}
