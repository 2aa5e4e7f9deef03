using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace BstChat.Storage.EfCore.Tests.Infrastructure;

/// <summary>
/// A fresh PostgreSQL database for the run on <see cref="SharedPostgres"/> (a private server, or
/// the one <c>BSTCHAT_POSTGRES</c> names), dropped at the end. Without PostgreSQL its tests skip,
/// except under <c>CI=true</c>, where they fail.
/// </summary>
public sealed class PostgresDatabase : TestDatabase
{
    private bool _created;

    public override string Name => "PostgreSQL";

    public string ConnectionString { get; private set; } = "";

    public string DatabaseName { get; } = $"bstchat_test_{Guid.NewGuid():N}"[..28];

    public override void Configure(DbContextOptionsBuilder options) => options.UseNpgsql(ConnectionString);

    public override void RequireAvailable()
    {
        if (!_created)
        {
            Requirement.Missing("PostgreSQL", PrivatePostgres.NotInstalled + $" Or set {SharedPostgres.EnvironmentVariable} to an admin connection string.");
        }
    }

    public NpgsqlConnection OpenConnection()
    {
        RequireAvailable();
        var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    public override async Task WaitUntilAWriterWaitsForALockAsync(CancellationToken cancellationToken)
    {
        await using var connection = OpenConnection();
        await using var waiting = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", connection);
        while ((long)(await waiting.ExecuteScalarAsync(cancellationToken))! == 0)
        {
            await Task.Delay(10, cancellationToken);
        }
    }

    public override async ValueTask InitializeAsync()
    {
        if (!SharedPostgres.IsAvailable)
        {
            return;
        }

        // Below the server's max_connections: the busiest test opens about 50 sessions.
        ConnectionString = new NpgsqlConnectionStringBuilder(await SharedPostgres.CreateDatabaseAsync(DatabaseName)) { MaxPoolSize = 80 }.ToString();
        _created = true;
        await CreateSchemaAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        if (_created)
        {
            await SharedPostgres.DropDatabaseAsync(DatabaseName);
        }
    }
}
