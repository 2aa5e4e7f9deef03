using StackExchange.Redis;

namespace BstChat.Redis.Connection;

/// <summary>Every name the backplane uses in Redis, under one <c>bstchat:</c> prefix.</summary>
internal static class RedisKeys
{
    /// <summary>The one channel every instance subscribes to; a message names the conversation that changed.</summary>
    public static readonly RedisChannel Changes = RedisChannel.Literal("bstchat:changes");

    /// <summary>A conversation's typing hash: user id to expiry and display name.</summary>
    public static RedisKey Typing(string conversationId) => $"bstchat:typing:{conversationId}";
}
