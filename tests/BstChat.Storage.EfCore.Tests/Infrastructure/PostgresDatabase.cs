using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace BstChat.Storage.EfCore.Tests.Infrastructure;

/// <summary>
/// A fresh PostgreSQL database for the run, created through the server named by
/// <c>BSTCHAT_POSTGRES</c> and dropped at the end. Without that variable its tests skip, except
/// under <c>CI=true</c>, where they fail.
/// </summary>
public sealed class PostgresDatabase : TestDatabase
{
    public const string EnvironmentVariable = "BSTCHAT_POSTGRES";

    private string? _adminConnectionString;

    public override string Name => "PostgreSQL";

    public string ConnectionString { get; private set; } = "";

    public string DatabaseName { get; } = $"bstchat_test_{Guid.NewGuid():N}"[..28];

    public override void Configure(DbContextOptionsBuilder options) => options.UseNpgsql(ConnectionString);

    public override void RequireAvailable()
    {
        if (_adminConnectionString is not null)
        {
            return;
        }

        var message = $"No PostgreSQL server: set {EnvironmentVariable}, e.g. \"Host=127.0.0.1;Username=postgres;Password=postgres\".";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail($"CI=true requires PostgreSQL. {message}");
        }

        Assert.Skip(message);
    }

    public NpgsqlConnection OpenConnection()
    {
        RequireAvailable();
        var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    public override async ValueTask InitializeAsync()
    {
        var admin = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(admin))
        {
            return;
        }

        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{DatabaseName}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        _adminConnectionString = admin;
        // Below PostgreSQL's default max_connections (100): the busiest test opens about 50 sessions.
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = DatabaseName, MaxPoolSize = 80 }.ToString();
        await CreateSchemaAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        if (_adminConnectionString is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
