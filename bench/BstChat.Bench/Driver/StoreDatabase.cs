using BstChat.Bench.Server;
using Npgsql;

namespace BstChat.Bench.Driver;

/// <summary>A fresh database for one server run: a temporary SQLite file, or a new PostgreSQL database dropped afterwards.</summary>
internal sealed class StoreDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "BSTCHAT_POSTGRES";

    private readonly Func<Task> _drop;

    private StoreDatabase(StoreKind kind, string connectionString, Func<Task> drop)
    {
        Kind = kind;
        ConnectionString = connectionString;
        _drop = drop;
    }

    public StoreKind Kind { get; }

    public string ConnectionString { get; }

    public static bool PostgresAvailable => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(PostgresVariable));

    public static async Task<StoreDatabase> CreateAsync(StoreKind kind, CancellationToken cancellationToken)
    {
        switch (kind)
        {
            case StoreKind.Sqlite:
                var file = Path.Combine(Path.GetTempPath(), $"bstchat-bench-{Guid.NewGuid():N}.db");
                return new StoreDatabase(kind, $"Data Source={file};Default Timeout=10", () =>
                {
                    foreach (var suffix in new[] { "", "-wal", "-shm" })
                    {
                        File.Delete(file + suffix);
                    }

                    return Task.CompletedTask;
                });
            case StoreKind.Postgres:
                return await CreatePostgresAsync(cancellationToken);
            default:
                return new StoreDatabase(kind, "", () => Task.CompletedTask);
        }
    }

    public ValueTask DisposeAsync() => new(_drop());

    private static async Task<StoreDatabase> CreatePostgresAsync(CancellationToken cancellationToken)
    {
        var admin = Environment.GetEnvironmentVariable(PostgresVariable)
            ?? throw new InvalidOperationException($"{PostgresVariable} is not set.");
        var name = $"bstchat_bench_{Guid.NewGuid():N}";
        await ExecuteAsync(admin, $"CREATE DATABASE {name}", cancellationToken);
        var connection = new NpgsqlConnectionStringBuilder(admin) { Database = name, MaxPoolSize = 100 }.ConnectionString;
        return new StoreDatabase(StoreKind.Postgres, connection, () => ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)", CancellationToken.None));
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
