using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MongoDB.Driver;
using Xunit;

namespace BstChat.Storage.Mongo.Tests.Server;

/// <summary>
/// A fresh database on the server named by <c>BSTCHAT_MONGO_URL</c>, with the store registered
/// as a host would and its indexes made by the initializer; dropped at the end of the run.
/// Without the variable it holds nothing and the tests that need it skip.
/// </summary>
public sealed class MongoServerFixture : IAsyncLifetime
{
    public const string UrlVariable = "BSTCHAT_MONGO_URL";
    public const string SkipReason = "BSTCHAT_MONGO_URL is not set; MongoDB server tests skipped";

    private MongoClient? _client;
    private ServiceProvider? _services;
    private string? _databaseName;

    /// <summary>The store, or <see langword="null"/> when no server is configured.</summary>
    public IMessageStore? Store { get; private set; }

    /// <summary>The store's export and import, or <see langword="null"/> when no server is configured.</summary>
    public IChatStoreImport? Transfer { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var url = Environment.GetEnvironmentVariable(UrlVariable);
        if (string.IsNullOrWhiteSpace(url))
        {
            return;
        }

        _client = new MongoClient(url);
        // Each run gets its own database, so runs never see each other's data.
        _databaseName = $"bstchat_test_{Guid.NewGuid():N}";
        var database = _client.GetDatabase(_databaseName);
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton(database);
        services.AddBstChat().AddMongoStore();
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        await _services.GetRequiredService<IBstChatMongoInitializer>().InitializeAsync(CancellationToken.None);
        Store = _services.GetRequiredService<IMessageStore>();
        Transfer = _services.GetRequiredService<IChatStoreImport>();
    }

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        if (_client is not null && _databaseName is not null)
        {
            await _client.DropDatabaseAsync(_databaseName);
        }

        _client?.Dispose();
    }
}
