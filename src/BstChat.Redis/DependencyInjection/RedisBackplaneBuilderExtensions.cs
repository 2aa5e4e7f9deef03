using BstChat;
using BstChat.Redis;
using BstChat.Redis.Connection;
using BstChat.Redis.Feed;
using BstChat.Redis.Presence;
using BstChat.Redis.Typing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the Redis backplane, for several server instances sharing one store.</summary>
public static class RedisBackplaneBuilderExtensions
{
    /// <summary>
    /// Carries change notifications, typing state and presence between instances through Redis at
    /// <paramref name="connectionString"/> (StackExchange.Redis syntax, e.g. <c>redis:6379</c>).
    /// The connection starts even when Redis is down, uses 1 s command timeouts unless the
    /// string says otherwise, and reconnects by itself; meanwhile chat keeps serving on each
    /// instance alone.
    /// </summary>
    /// <param name="builder">The builder from <c>AddBstChat()</c>.</param>
    /// <param name="connectionString">Where Redis is.</param>
    /// <returns>The builder.</returns>
    public static BstChatBuilder AddRedisBackplane(this BstChatBuilder builder, string connectionString) =>
        builder.AddRedisBackplane(connectionString, static _ => { });

    /// <summary>
    /// As <see cref="AddRedisBackplane(BstChatBuilder, string)"/>, with settings such as the
    /// <see cref="RedisBackplaneOptions.KeyPrefix"/> of a site that shares its Redis server.
    /// </summary>
    /// <param name="builder">The builder from <c>AddBstChat()</c>.</param>
    /// <param name="connectionString">Where Redis is.</param>
    /// <param name="configure">Sets the backplane's options.</param>
    /// <returns>The builder.</returns>
    public static BstChatBuilder AddRedisBackplane(this BstChatBuilder builder, string connectionString, Action<RedisBackplaneOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        // Parsed now, so a malformed string fails at registration rather than at first use.
        var configuration = RedisConnectionFactory.Configure(connectionString);
        return builder.AddRedisBackplane(
            configure,
            services => new RedisBackplaneConnection(
                ConnectionMultiplexer.Connect(configuration),
                ownsMultiplexer: true,
                services.GetRequiredService<ILogger<RedisBackplaneConnection>>()));
    }

    /// <summary>
    /// Carries change notifications, typing state and presence between instances through the
    /// <see cref="IConnectionMultiplexer"/> registered by the host, which owns it. Configure it
    /// with <c>AbortOnConnectFail = false</c> and short timeouts so that chat keeps serving
    /// while Redis is away.
    /// </summary>
    /// <param name="builder">The builder from <c>AddBstChat()</c>.</param>
    /// <returns>The builder.</returns>
    public static BstChatBuilder AddRedisBackplane(this BstChatBuilder builder) => builder.AddRedisBackplane(static _ => { });

    /// <summary>
    /// As <see cref="AddRedisBackplane(BstChatBuilder)"/>, with settings such as the
    /// <see cref="RedisBackplaneOptions.KeyPrefix"/> of a site that shares its Redis server.
    /// </summary>
    /// <param name="builder">The builder from <c>AddBstChat()</c>.</param>
    /// <param name="configure">Sets the backplane's options.</param>
    /// <returns>The builder.</returns>
    public static BstChatBuilder AddRedisBackplane(this BstChatBuilder builder, Action<RedisBackplaneOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddRedisBackplane(
            configure,
            services => new RedisBackplaneConnection(
                services.GetRequiredService<IConnectionMultiplexer>(),
                ownsMultiplexer: false,
                services.GetRequiredService<ILogger<RedisBackplaneConnection>>()));
    }

    private static BstChatBuilder AddRedisBackplane(
        this BstChatBuilder builder, Action<RedisBackplaneOptions> configure, Func<IServiceProvider, RedisBackplaneConnection> connection)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptions<RedisBackplaneOptions>()
            .Configure(configure)
            .Validate(static o => !string.IsNullOrEmpty(o.KeyPrefix), "RedisBackplaneOptions.KeyPrefix must not be empty: it keeps this site's names in Redis apart from other sites'.")
            .ValidateOnStart();
        services.Replace(ServiceDescriptor.Singleton(connection));
        services.TryAddSingleton<RedisKeys>();
        // Transports only: BstChat keeps each instance's waiting readers and its own typing and presence state.
        return builder.AddChangeBackplane<RedisChangeBackplane>().AddTypingBackplane<RedisTypingBackplane>().AddPresenceBackplane<RedisPresenceBackplane>();
    }
}
