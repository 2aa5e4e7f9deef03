using Npgsql;

namespace BstChat.Testing;

/// <summary>
/// The PostgreSQL server a test process shares: the one named by <c>BSTCHAT_POSTGRES</c> (an admin
/// connection string) when set, otherwise one <see cref="PrivatePostgres"/> started on first use and
/// ended when the process exits. Tests keep apart by making databases of their own on it.
/// </summary>
public static class SharedPostgres
{
    public const string EnvironmentVariable = "BSTCHAT_POSTGRES";

    private static readonly Lazy<Task<PrivatePostgres>> Private = new(StartPrivateAsync);

    /// <summary>Whether a server is given or can be started here.</summary>
    public static bool IsAvailable =>
        !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(EnvironmentVariable)) || PrivatePostgres.IsInstalled;

    /// <summary>A connection string as a user who may create and drop databases.</summary>
    public static async Task<string> AdminConnectionStringAsync()
    {
        var given = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(given))
        {
            return given;
        }

        return (await Private.Value).ConnectionString;
    }

    /// <summary>Creates database <paramref name="name"/> and returns a connection string to it.</summary>
    public static async Task<string> CreateDatabaseAsync(string name)
    {
        var admin = await AdminConnectionStringAsync();
        await ExecuteAsync(admin, $"CREATE DATABASE \"{name}\"");
        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ToString();
    }

    /// <summary>Drops database <paramref name="name"/>, cutting off whoever is still connected.</summary>
    public static async Task DropDatabaseAsync(string name)
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(await AdminConnectionStringAsync(), $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(CancellationToken.None);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }

    private static async Task<PrivatePostgres> StartPrivateAsync()
    {
        // Room for the busiest test (about 50 sessions) beside the databases of tests running alongside.
        var server = await PrivatePostgres.StartAsync(maxConnections: 300);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeNow();
        return server;
    }
}
