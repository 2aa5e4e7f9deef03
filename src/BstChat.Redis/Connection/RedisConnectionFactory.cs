using StackExchange.Redis;

namespace BstChat.Redis.Connection;

/// <summary>Connects to Redis with settings that keep chat serving while Redis is away.</summary>
internal static class RedisConnectionFactory
{
    /// <summary>
    /// Short timeouts so a chat call never waits long on Redis, no abort when Redis is down at
    /// start, and failing fast rather than queueing commands while disconnected. Settings in
    /// <paramref name="connectionString"/> win over the timeouts, as they come later.
    /// </summary>
    public static ConfigurationOptions Configure(string connectionString)
    {
        var options = ConfigurationOptions.Parse($"connectTimeout=2000,syncTimeout=1000,asyncTimeout=1000,{connectionString}");
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        return options;
    }

    public static IConnectionMultiplexer Connect(string connectionString) => ConnectionMultiplexer.Connect(Configure(connectionString));
}
