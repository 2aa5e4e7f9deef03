using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MongoDB.Driver;

namespace BstChat.Storage.Mongo.DependencyInjection;

/// <summary>
/// The database the store works in: from its own client when a connection string is set (the
/// client is then disposed with the container), else from the host's services.
/// </summary>
internal sealed class MongoDatabaseSource : IDisposable
{
    private readonly MongoClient? _ownClient;

    public MongoDatabaseSource(IOptions<MongoStoreOptions> options, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        if (!string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            var url = MongoUrl.Create(settings.ConnectionString);
            _ownClient = new MongoClient(url);
            Database = _ownClient.GetDatabase(settings.DatabaseName ?? url.DatabaseName);
        }
        else if (!string.IsNullOrWhiteSpace(settings.DatabaseName) && services.GetService<IMongoClient>() is { } client)
        {
            Database = client.GetDatabase(settings.DatabaseName);
        }
        else
        {
            Database = services.GetService<IMongoDatabase>() ?? throw new InvalidOperationException(
                "The BstChat MongoDB store has no database: set MongoStoreOptions.ConnectionString (and DatabaseName), "
                + "or register an IMongoDatabase, or an IMongoClient with MongoStoreOptions.DatabaseName.");
        }
    }

    public IMongoDatabase Database { get; }

    public void Dispose() => _ownClient?.Dispose();
}
