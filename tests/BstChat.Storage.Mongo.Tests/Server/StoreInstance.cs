using BstChat.Storage.Mongo.Collections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MongoDB.Driver;

namespace BstChat.Storage.Mongo.Tests.Server;

/// <summary>
/// Another instance of the store over the same database, as a second server would run it, with
/// its own gap threshold; tests reach its collections to set up what a dead writer leaves behind.
/// </summary>
internal sealed class StoreInstance : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private StoreInstance(ServiceProvider services)
    {
        _services = services;
        Store = services.GetRequiredService<IMessageStore>();
        Collections = services.GetRequiredService<ChatCollections>();
    }

    public IMessageStore Store { get; }

    public ChatCollections Collections { get; }

    /// <summary>One of the store's own parts, to drive a step of its protocol directly.</summary>
    public T Part<T>() where T : notnull => _services.GetRequiredService<T>();

    public static StoreInstance Create(IMongoDatabase database, TimeSpan gapThreshold)
    {
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton(database);
        services.AddBstChat().AddMongoStore(o =>
        {
            o.GapThreshold = gapThreshold;
            o.InitializeOnStart = false;
        });
        return new StoreInstance(services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true }));
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
