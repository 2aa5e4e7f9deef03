using BstChat.Backplane;
using BstChat.Redis.Connection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace BstChat.Redis.Typing;

/// <summary>
/// Typing state shared by every instance: one Redis hash per conversation, user id to
/// <see cref="TypingField"/>, whose key expires with its last entry so Redis cleans up by itself.
/// While Redis is away every call answers at once as "away", and BstChat uses this instance's
/// own typing state.
/// </summary>
internal sealed class RedisTypingBackplane(RedisBackplaneConnection connection, RedisKeys keys, IOptions<BstChatOptions> options) : ITypingBackplane
{
    // Sets the field, and stretches the key's life to cover it (never shortens it for another user's later entry).
    private const string SetScript = """
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[3]) then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
        """;

    // Removes the field and returns what it held, so the caller knows whether it was still live.
    private const string ClearScript = """
        local value = redis.call('HGET', KEYS[1], ARGV[1])
        if value then redis.call('HDEL', KEYS[1], ARGV[1]) end
        return value
        """;

    public async ValueTask SetAsync(string conversationId, TypingEntry entry, CancellationToken cancellationToken)
    {
        var keyLifetime = (long)Math.Ceiling(options.Value.TypingTimeout.TotalMilliseconds);
        await TryRedisAsync(
            database => database.ScriptEvaluateAsync(SetScript, [keys.Typing(conversationId)], [entry.User.UserId, TypingField.Format(entry), keyLifetime]),
            "recording typing failed",
            cancellationToken);
    }

    public async ValueTask<TypingEntry?> RemoveAsync(string conversationId, string userId, CancellationToken cancellationToken)
    {
        var removed = await TryRedisAsync(
            database => database.ScriptEvaluateAsync(ClearScript, [keys.Typing(conversationId)], [userId]),
            "clearing typing failed",
            cancellationToken);
        return removed is { IsNull: false } && TypingField.TryParse(userId, (string?)removed, out var entry) ? entry : null;
    }

    public async ValueTask<IReadOnlyCollection<TypingEntry>?> GetAsync(string conversationId, CancellationToken cancellationToken)
    {
        var fields = await TryRedisAsync(database => database.HashGetAllAsync(keys.Typing(conversationId)), "reading typing failed", cancellationToken);
        if (fields is null)
        {
            return null;
        }

        var entries = new List<TypingEntry>(fields.Length);
        foreach (var field in fields)
        {
            if (TypingField.TryParse(field.Name!, field.Value, out var entry))
            {
                entries.Add(entry);
            }
        }

        return entries;
    }

    private ValueTask<T?> TryRedisAsync<T>(Func<IDatabase, Task<T>> call, string failure, CancellationToken cancellationToken)
        where T : class => connection.TryAsync(call, failure, cancellationToken);
}
