namespace BstChat.Redis;

/// <summary>Settings of the Redis backplane.</summary>
public sealed class RedisBackplaneOptions
{
    /// <summary>
    /// Starts every name the backplane uses in Redis: its changes channel (<c>{prefix}changes</c>),
    /// typing hashes (<c>{prefix}typing:{conversation}</c>) and presence hashes
    /// (<c>{prefix}presence:{user}</c>). Default <c>bstchat:</c>. Give each site that shares one
    /// Redis server its own, e.g. <c>lessons:</c> and <c>staff:</c>: pub/sub ignores Redis's
    /// numbered databases, so without it they would wake each other's readers, and share typing in
    /// conversations, and presence of users, with the same id. Every instance of one site must use
    /// the same prefix.
    /// </summary>
    public string KeyPrefix { get; set; } = "bstchat:";
}
