using BstChat.Storage.EfCore;
using Microsoft.EntityFrameworkCore;

namespace BstChat.Sample.Hosting;

/// <summary>
/// Chooses the sample's chat store from configuration alone: <c>Chat:Store</c> is <c>Sqlite</c>
/// (the default, a file under <c>App_Data</c>), <c>Postgres</c>, <c>Mongo</c> or <c>InMemory</c>;
/// <c>ConnectionStrings:BstChat</c> says where.
/// </summary>
internal static class SampleChatStore
{
    public static BstChatBuilder AddSampleChatStore(this BstChatBuilder chat, IConfiguration configuration, IHostEnvironment environment)
    {
        // File content stays under App_Data/bstchat-files unless Chat:FilesDirectory names another folder.
        if (configuration["Chat:FilesDirectory"] is { Length: > 0 } filesDirectory)
        {
            chat.AddFileSystemFileStore(filesDirectory);
        }

        var store = configuration["Chat:Store"] ?? "Sqlite";
        var connectionString = configuration.GetConnectionString("BstChat");
        switch (store.ToUpperInvariant())
        {
            case "SQLITE":
                chat.Services.AddPooledDbContextFactory<BstChatDbContext>(o => o.UseSqlite(connectionString ?? DefaultSqlite(environment)));
                chat.Services.AddHostedService<ChatSchemaInitializer>();
                return chat.AddEntityFrameworkCoreStore<BstChatDbContext>();
            case "POSTGRES":
                chat.Services.AddPooledDbContextFactory<BstChatDbContext>(o => o.UseNpgsql(Require(connectionString, store)));
                chat.Services.AddHostedService<ChatSchemaInitializer>();
                return chat.AddEntityFrameworkCoreStore<BstChatDbContext>();
            case "MONGO":
                return chat.AddMongoStore(o =>
                {
                    o.ConnectionString = Require(connectionString, store);
                    o.DatabaseName = configuration["Chat:MongoDatabase"] ?? "bstchat";
                });
            case "INMEMORY":
                return chat.AddInMemoryStore();
            default:
                throw new InvalidOperationException($"Chat:Store is '{store}'; use Sqlite, Postgres, Mongo or InMemory.");
        }
    }

    /// <summary>A file beside the app, created on first run; a short busy timeout suits web requests.</summary>
    private static string DefaultSqlite(IHostEnvironment environment)
    {
        var folder = Path.Combine(environment.ContentRootPath, "App_Data");
        Directory.CreateDirectory(folder);
        return $"Data Source={Path.Combine(folder, "bstchat.db")};Default Timeout=10";
    }

    private static string Require(string? connectionString, string store) =>
        connectionString ?? throw new InvalidOperationException($"Chat:Store is '{store}' but ConnectionStrings:BstChat is not set.");
}
