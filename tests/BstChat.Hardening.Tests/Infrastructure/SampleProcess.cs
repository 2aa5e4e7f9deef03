using System.Globalization;

namespace BstChat.Hardening.Tests.Infrastructure;

/// <summary>The sample site as its own process (<see cref="SampleInstance"/>) on the store a fault test breaks.</summary>
public static class SampleProcess
{
    /// <summary>How often a held wait reads the store again: short, so a wait meets a stopped store soon.</summary>
    private static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(1);

    /// <summary>The wait a test asks for when it holds a request: minutes, so a held request is never mistaken for an answer.</summary>
    public const int HeldWaitSeconds = 240;

    /// <summary>Starts the sample on a database of its own on <paramref name="postgres"/>, made now unless it exists.</summary>
    public static async Task<SampleInstance> OnPostgresAsync(PrivatePostgres postgres, string database = "bstchat")
    {
        if (await postgres.ScalarAsync($"SELECT 1 FROM pg_database WHERE datname = '{database}'") is null)
        {
            await postgres.ScalarAsync($"CREATE DATABASE \"{database}\"");
        }

        return await SampleInstance.StartAsync(Settings("Postgres", postgres.ConnectionStringFor(database)));
    }

    /// <summary>Starts the sample on <paramref name="file"/>, created if missing.</summary>
    /// <param name="file">The database file.</param>
    /// <param name="busyTimeoutSeconds">How long one statement waits for another process's lock.</param>
    /// <param name="logLevel">The chat's own log level (<c>Debug</c> shows each retry); the rest logs warnings only.</param>
    public static Task<SampleInstance> OnSqliteAsync(TemporarySqliteFile file, int busyTimeoutSeconds = 10, string logLevel = "Warning")
    {
        var settings = Settings("Sqlite", file.ConnectionString(busyTimeoutSeconds));
        settings["Logging__LogLevel__BstChat"] = logLevel;
        return SampleInstance.StartAsync(settings);
    }

    private static Dictionary<string, string> Settings(string store, string connectionString) => new()
    {
        ["Chat__Store"] = store,
        ["ConnectionStrings__BstChat"] = connectionString,
        ["Chat__RecheckInterval"] = RecheckInterval.ToString("c", CultureInfo.InvariantCulture),
        ["Chat__MaxWait"] = "00:05:00",
        // The bursts here are machine-made; the per-user rate limits have their own tests.
        ["Chat__WriteRate__Burst"] = "10000",
        ["Chat__TypingRate__Burst"] = "10000",
        ["Chat__ReadRate__Burst"] = "10000",
        ["Logging__LogLevel__Default"] = "Warning",
    };
}
