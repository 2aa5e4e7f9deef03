using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace BstChat.Redis.Connection;

/// <summary>Every name the backplane uses in Redis, under the site's <see cref="RedisBackplaneOptions.KeyPrefix"/>.</summary>
internal sealed class RedisKeys(IOptions<RedisBackplaneOptions> options)
{
    private readonly string _prefix = options.Value.KeyPrefix;

    /// <summary>The one channel every instance of the site subscribes to; a message names the conversation that changed.</summary>
    public RedisChannel Changes => RedisChannel.Literal($"{_prefix}changes");

    /// <summary>A conversation's typing hash: user id to <see cref="Typing.TypingField"/>.</summary>
    public RedisKey Typing(string conversationId) => $"{_prefix}typing:{conversationId}";

    /// <summary>A user's presence hash: when they were last seen and each instance's holds (see <see cref="Presence.PresenceFields"/>).</summary>
    public RedisKey Presence(string userId) => $"{_prefix}presence:{userId}";
}
