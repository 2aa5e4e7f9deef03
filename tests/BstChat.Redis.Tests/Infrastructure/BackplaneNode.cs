using BstChat.Feed;
using BstChat.Presence;
using BstChat.Typing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BstChat.Redis.Tests.Infrastructure;

/// <summary>One server instance's chat services with the Redis backplane, without HTTP: what <c>AddRedisBackplane</c> registers, started as a host would.</summary>
public sealed class BackplaneNode : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private BackplaneNode(ServiceProvider services) => _services = services;

    public IChatNotifier Notifier => _services.GetRequiredService<IChatNotifier>();

    public ITypingTracker Typing => _services.GetRequiredService<ITypingTracker>();

    public IPresenceTracker Presence => _services.GetRequiredService<IPresenceTracker>();

    /// <param name="redis">The Redis server.</param>
    /// <param name="typingTimeout">The instance's typing timeout.</param>
    /// <param name="keyPrefix">The site's <see cref="RedisBackplaneOptions.KeyPrefix"/>; the default when null.</param>
    /// <param name="time">The instance's clock; the system's when null.</param>
    public static async Task<BackplaneNode> StartAsync(RedisServer redis, TimeSpan typingTimeout, string? keyPrefix = null, TimeProvider? time = null)
    {
        var services = new ServiceCollection().AddLogging();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddBstChat(o => o.TypingTimeout = typingTimeout).AddInMemoryStore()
            .AddRedisBackplane(redis.PatientConnectionString, o => o.KeyPrefix = keyPrefix ?? o.KeyPrefix);
        var node = new BackplaneNode(services.BuildServiceProvider());
        foreach (var hosted in node._services.GetServices<IHostedService>())
        {
            await hosted.StartAsync(TestContext.Current.CancellationToken);
        }

        return node;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var hosted in _services.GetServices<IHostedService>())
        {
            await hosted.StopAsync(CancellationToken.None);
        }

        await _services.DisposeAsync();
    }
}
