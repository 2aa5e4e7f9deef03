using BstChat.Redis.Connection;
using BstChat.Typing;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace BstChat.Redis.Typing;

/// <summary>
/// Typing state shared by every instance: one Redis hash per conversation, user id to
/// <see cref="TypingEntry"/>, whose key expires with its last entry so Redis cleans up by
/// itself. Every change is also kept in this instance's memory, which answers while Redis is
/// away: typing then shows only to readers on the instance where it was signalled.
/// </summary>
internal sealed class RedisTypingTracker(
    InMemoryTypingTracker local,
    RedisBackplaneConnection connection,
    TimeProvider timeProvider,
    IOptions<BstChatOptions> options) : ITypingTracker
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

    public async ValueTask SetTypingAsync(string conversationId, TypingUser user, CancellationToken cancellationToken)
    {
        await local.SetTypingAsync(conversationId, user, cancellationToken);
        var timeout = options.Value.TypingTimeout;
        var entry = new TypingEntry(timeProvider.GetUtcNow() + timeout, user.DisplayName);
        await TryRedisAsync(
            database => database.ScriptEvaluateAsync(
                SetScript,
                [RedisKeys.Typing(conversationId)],
                [user.UserId, entry.Format(), (long)Math.Ceiling(timeout.TotalMilliseconds)]),
            "recording typing failed",
            cancellationToken);
    }

    public async ValueTask<bool> ClearAsync(string conversationId, string userId, CancellationToken cancellationToken)
    {
        var wasTypingHere = await local.ClearAsync(conversationId, userId, cancellationToken);
        var cleared = await TryRedisAsync(
            database => database.ScriptEvaluateAsync(ClearScript, [RedisKeys.Typing(conversationId)], [userId]),
            "clearing typing failed",
            cancellationToken);
        var wasTypingShared = cleared is { IsNull: false } result
            && TypingEntry.TryParse((string?)result, out var entry)
            && entry.ExpiresAt > timeProvider.GetUtcNow();
        return wasTypingHere || wasTypingShared;
    }

    public async ValueTask<TypingSnapshot> GetTypingAsync(string conversationId, CancellationToken cancellationToken)
    {
        var fields = await TryRedisAsync(
            database => database.HashGetAllAsync(RedisKeys.Typing(conversationId)),
            "reading typing failed",
            cancellationToken);
        return fields is null
            ? await local.GetTypingAsync(conversationId, cancellationToken)
            : Snapshot(fields, timeProvider.GetUtcNow());
    }

    private static TypingSnapshot Snapshot(HashEntry[] fields, DateTimeOffset now)
    {
        List<TypingUser>? typing = null;
        DateTimeOffset? nextExpiry = null;
        foreach (var field in fields)
        {
            // Expired entries stay until the key expires; they are simply not shown.
            if (!TypingEntry.TryParse(field.Value, out var entry) || entry.ExpiresAt <= now)
            {
                continue;
            }

            (typing ??= []).Add(new TypingUser(field.Name!, entry.DisplayName));
            nextExpiry = nextExpiry is { } next && next < entry.ExpiresAt ? next : entry.ExpiresAt;
        }

        if (typing is null)
        {
            return TypingSnapshot.Empty;
        }

        typing.Sort(static (a, b) => string.CompareOrdinal(a.UserId, b.UserId));
        return new TypingSnapshot(typing, nextExpiry);
    }

    /// <summary>Runs a Redis call, or answers null at once when Redis is away or the call fails.</summary>
    private async ValueTask<T?> TryRedisAsync<T>(Func<IDatabase, Task<T>> call, string failure, CancellationToken cancellationToken)
        where T : class
    {
        if (!connection.IsAvailable)
        {
            return null;
        }

        try
        {
            return await call(connection.Multiplexer.GetDatabase()).WaitAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            connection.ReportFailure(failure, exception);
            return null;
        }
    }
}
