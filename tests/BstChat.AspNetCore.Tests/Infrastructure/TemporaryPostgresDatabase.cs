using Npgsql;

namespace BstChat.AspNetCore.Tests.Infrastructure;

/// <summary>
/// An empty PostgreSQL database on the server named by <c>BSTCHAT_POSTGRES</c>, dropped on
/// dispose. Without the variable the test skips, except under <c>CI=true</c>, where it fails.
/// </summary>
public sealed class TemporaryPostgresDatabase : IAsyncDisposable
{
    private readonly string _adminConnectionString;

    private TemporaryPostgresDatabase(string adminConnectionString, string connectionString)
    {
        _adminConnectionString = adminConnectionString;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static async Task<TemporaryPostgresDatabase> CreateAsync()
    {
        var admin = Environment.GetEnvironmentVariable("BSTCHAT_POSTGRES");
        if (string.IsNullOrWhiteSpace(admin))
        {
            const string reason = "BSTCHAT_POSTGRES is not set; the sample's PostgreSQL test needs a server.";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail($"CI=true requires PostgreSQL. {reason}");
            }

            Assert.Skip(reason);
        }

        var database = new TemporaryPostgresDatabase(
            admin,
            new NpgsqlConnectionStringBuilder(admin) { Database = $"bstchat_sample_{Guid.NewGuid():N}"[..30] }.ToString());
        await database.ExecuteAsAdminAsync($"CREATE DATABASE \"{database.DatabaseName}\"");
        return database;
    }

    private string DatabaseName => new NpgsqlConnectionStringBuilder(ConnectionString).Database!;

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsAdminAsync($"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)");
    }

    private async Task ExecuteAsAdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
