using BstChat.Storage.EfCore;
using BstChat.Storage.Mongo;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using MongoDB.Driver;

namespace BstChat.Sample.StoreCopy;

/// <summary>
/// One side of <c>copy-store</c>: <c>&lt;store&gt;:&lt;connection&gt;</c>, where the store is
/// <c>Sqlite</c>, <c>Postgres</c> or <c>Mongo</c> (the names <c>Chat:Store</c> takes, any case)
/// and the connection is what <c>ConnectionStrings:BstChat</c> would hold. A MongoDB URL names
/// its database in its path (default <c>bstchat</c>, like <c>Chat:MongoDatabase</c>).
/// </summary>
internal sealed record StoreLocation(string Store, string Connection)
{
    public const string DefaultMongoDatabase = "bstchat";

    /// <summary>Parses an argument; the message says what is wrong.</summary>
    public static bool TryParse(string? value, out StoreLocation? location, out string? error)
    {
        location = null;
        var colon = value?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (value is null || colon <= 0 || colon == value.Length - 1)
        {
            error = $"'{value}' is not <store>:<connection>, e.g. sqlite:\"Data Source=chat.db\", postgres:\"Host=…;Database=chat\" or mongo:mongodb://host/chat.";
            return false;
        }

        var store = value[..colon].ToUpperInvariant() switch
        {
            "SQLITE" => "Sqlite",
            "POSTGRES" => "Postgres",
            "MONGO" => "Mongo",
            _ => null,
        };
        if (store is null)
        {
            error = $"Unknown store '{value[..colon]}': use Sqlite, Postgres or Mongo.";
            return false;
        }

        location = new StoreLocation(store, value[(colon + 1)..]);
        error = location.ConnectionProblem();
        if (error is null && store == "Sqlite")
        {
            location = location with { Connection = FromCurrentDirectory(location.Connection) };
        }

        return error is null;
    }

    /// <summary>
    /// A relative SQLite file resolved from the current directory, where the operator ran the
    /// command, once and for all: the messages then name the file that is meant.
    /// </summary>
    private static string FromCurrentDirectory(string connection)
    {
        var builder = new SqliteConnectionStringBuilder(connection);
        var file = builder.DataSource;
        if (file.Length == 0 || file == ":memory:" || file.StartsWith("file:", StringComparison.OrdinalIgnoreCase) || Path.IsPathFullyQualified(file))
        {
            return connection;
        }

        builder.DataSource = Path.GetFullPath(file);
        return builder.ConnectionString;
    }

    /// <summary>What is wrong with the connection string or URL, if its format is.</summary>
    private string? ConnectionProblem()
    {
        try
        {
            _ = ToString();
            return null;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or MongoConfigurationException)
        {
            return $"The {Store} connection is not valid: {e.Message}";
        }
    }

    /// <summary>Registers this store, the way the sample's <c>Chat:Store</c> does.</summary>
    public void Register(BstChatBuilder chat)
    {
        switch (Store)
        {
            case "Sqlite":
                chat.Services.AddDbContextFactory<BstChatDbContext>(o => o.UseSqlite(Connection));
                chat.AddEntityFrameworkCoreStore<BstChatDbContext>();
                break;
            case "Postgres":
                chat.Services.AddDbContextFactory<BstChatDbContext>(o => o.UseNpgsql(Connection));
                chat.AddEntityFrameworkCoreStore<BstChatDbContext>();
                break;
            default:
                chat.AddMongoStore(o =>
                {
                    o.ConnectionString = Connection;
                    o.DatabaseName = MongoUrl.Create(Connection).DatabaseName ?? DefaultMongoDatabase;
                });
                break;
        }
    }

    /// <summary>Why this store cannot be read, if it plainly cannot: a SQLite file that is not there.</summary>
    public string? MissingSource()
    {
        if (Store != "Sqlite")
        {
            return null;
        }

        var file = new SqliteConnectionStringBuilder(Connection).DataSource;
        return File.Exists(file) ? null : $"The source SQLite file '{Path.GetFullPath(file)}' does not exist.";
    }

    /// <summary>Creates the chat tables or indexes when the target has none; safe on an existing store.</summary>
    public async Task CreateSchemaAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        if (Store == "Mongo")
        {
            await services.GetRequiredService<IBstChatMongoInitializer>().InitializeAsync(cancellationToken);
            return;
        }

        await using var db = await services.GetRequiredService<IDbContextFactory<BstChatDbContext>>().CreateDbContextAsync(cancellationToken);
        await db.Database.EnsureBstChatCreatedAsync(cancellationToken);
    }

    /// <summary>For messages: the store and where it is, without credentials.</summary>
    public override string ToString()
    {
        switch (Store)
        {
            case "Sqlite":
                return $"SQLite {new SqliteConnectionStringBuilder(Connection).DataSource}";
            case "Postgres":
                var postgres = new Npgsql.NpgsqlConnectionStringBuilder(Connection);
                return $"PostgreSQL {postgres.Host}/{postgres.Database}";
            default:
                var mongo = MongoUrl.Create(Connection);
                return $"MongoDB {string.Join(",", mongo.Servers)}/{mongo.DatabaseName ?? DefaultMongoDatabase}";
        }
    }
}
