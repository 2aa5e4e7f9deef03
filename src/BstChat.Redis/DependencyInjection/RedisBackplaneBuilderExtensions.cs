using BstChat;
using BstChat.Feed;
using BstChat.Redis.Connection;
using BstChat.Redis.Feed;
using BstChat.Redis.Typing;
using BstChat.Typing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the Redis backplane, for several server instances sharing one store.</summary>
public static class RedisBackplaneBuilderExtensions
{
    /// <summary>
    /// Carries change notifications and typing state between instances through Redis at
    /// <paramref name="connectionString"/> (StackExchange.Redis syntax, e.g. <c>redis:6379</c>).
    /// The connection starts even when Redis is down, uses 1 s command timeouts unless the
    /// string says otherwise, and reconnects by itself; meanwhile chat keeps serving on each
    /// instance alone. Replaces the in-process notifier and typing tracker.
    /// </summary>
    /// <param name="builder">The builder from <c>AddBstChat()</c>.</param>
    /// <param name="connectionString">Where Redis is.</param>
    /// <returns>The builder.</returns>
    public static BstChatBuilder AddRedisBackplane(this BstChatBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        // Parsed now, so a malformed string fails at registration rather than at first use.
        var configuration = RedisConnectionFactory.Configure(connectionString);
        return builder.AddRedisBackplane(services => new RedisBackplaneConnection(
            ConnectionMultiplexer.Connect(configuration),
            ownsMultiplexer: true,
            services.GetRequiredService<ILogger<RedisBackplaneConnection>>()));
    }

    /// <summary>
    /// Carries change notifications and typing state between instances through the
    /// <see cref="IConnectionMultiplexer"/> registered by the host, which owns it. Configure it
    /// with <c>AbortOnConnectFail = false</c> and short timeouts so that chat keeps serving
    /// while Redis is away. Replaces the in-process notifier and typing tracker.
    /// </summary>
    /// <param name="builder">The builder from <c>AddBstChat()</c>.</param>
    /// <returns>The builder.</returns>
    public static BstChatBuilder AddRedisBackplane(this BstChatBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddRedisBackplane(services => new RedisBackplaneConnection(
            services.GetRequiredService<IConnectionMultiplexer>(),
            ownsMultiplexer: false,
            services.GetRequiredService<ILogger<RedisBackplaneConnection>>()));
    }

    private static BstChatBuilder AddRedisBackplane(this BstChatBuilder builder, Func<IServiceProvider, RedisBackplaneConnection> connection)
    {
        var services = builder.Services;
        services.Replace(ServiceDescriptor.Singleton(connection));
        services.TryAddSingleton<InProcessChatNotifier>();
        services.TryAddSingleton<InMemoryTypingTracker>();
        services.Replace(ServiceDescriptor.Singleton<IChatNotifier, RedisChatNotifier>());
        services.Replace(ServiceDescriptor.Singleton<ITypingTracker, RedisTypingTracker>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Hosting.IHostedService, RedisChangeListener>());
        return builder;
    }
}
