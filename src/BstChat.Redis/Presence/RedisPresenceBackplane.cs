using System.Globalization;
using BstChat.Backplane;
using BstChat.Redis.Connection;
using StackExchange.Redis;

namespace BstChat.Redis.Presence;

/// <summary>
/// Presence shared by every instance: one Redis hash per user (<see cref="PresenceFields"/>).
/// Each instance counts its own held requests in its own field, under a lease BstChat sets; a
/// field whose lease has passed counts no more, so an instance that vanished without releasing
/// stops keeping its users online when its lease runs out, and the next hold here starts its count
/// again. The key expires <see cref="LastSeenRetention"/> after the user was last seen, which is
/// how long "last seen" is remembered. While Redis is away every call answers at once as "away",
/// and BstChat uses this instance's own view.
/// </summary>
/// <remarks>
/// Times in the hash are the instances' own clocks (BstChat's <see cref="TimeProvider"/>), passed
/// in; Redis's own clock only expires the key. Counts are per instance, so no instance can
/// release another's holds.
/// </remarks>
internal sealed class RedisPresenceBackplane(RedisBackplaneConnection connection, RedisKeys keys) : IPresenceBackplane
{
    /// <summary>How long a user's "last seen" is kept after their last request.</summary>
    internal static readonly TimeSpan LastSeenRetention = TimeSpan.FromDays(30);

    // Returns the hash as it was, then counts one more hold for this instance (starting again from
    // zero when its lease had passed), extends its lease and moves "seen" forward. Times stay strings:
    // Lua's numbers would print large ones in exponent form.
    private const string HoldScript = """
        local before = redis.call('HGETALL', KEYS[1])
        local now = tonumber(ARGV[2])
        local count, lease = 0, ARGV[3]
        local mine = redis.call('HGET', KEYS[1], ARGV[1])
        if mine then
          local c, l = string.match(mine, '^(%d+) (%d+)$')
          if c and tonumber(l) > now then
            count = tonumber(c)
            if tonumber(l) > tonumber(lease) then lease = l end
          end
        end
        redis.call('HSET', KEYS[1], ARGV[1], (count + 1) .. ' ' .. lease)
        local seen = tonumber(redis.call('HGET', KEYS[1], 'seen'))
        if not seen or seen < now then redis.call('HSET', KEYS[1], 'seen', ARGV[2]) end
        redis.call('PEXPIRE', KEYS[1], ARGV[4])
        return before
        """;

    // Counts one hold fewer for this instance (dropping the field at zero, or once its lease has
    // passed) and moves "seen" forward.
    private const string ReleaseScript = """
        local now = tonumber(ARGV[2])
        local mine = redis.call('HGET', KEYS[1], ARGV[1])
        if mine then
          local c, l = string.match(mine, '^(%d+) (%d+)$')
          if c and tonumber(c) > 1 and tonumber(l) > now then
            redis.call('HSET', KEYS[1], ARGV[1], (tonumber(c) - 1) .. ' ' .. l)
          else
            redis.call('HDEL', KEYS[1], ARGV[1])
          end
        end
        local seen = tonumber(redis.call('HGET', KEYS[1], 'seen'))
        if not seen or seen < now then redis.call('HSET', KEYS[1], 'seen', ARGV[2]) end
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        return 0
        """;

    private static readonly string Retention = ((long)LastSeenRetention.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);

    private string Field => PresenceFields.Held(connection.InstanceId);

    public async ValueTask<PresenceEntry?> HoldAsync(string userId, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        var before = await connection.TryAsync(
            database => database.ScriptEvaluateAsync(HoldScript, [keys.Presence(userId)], [Field, PresenceFields.UnixMs(now), PresenceFields.UnixMs(leaseUntil), Retention]),
            "recording presence failed",
            cancellationToken);
        return before is { IsNull: false } ? PresenceFields.Read((RedisResult[])before!) : null;
    }

    public async ValueTask ReleaseAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken) =>
        await connection.TryAsync(
            database => database.ScriptEvaluateAsync(ReleaseScript, [keys.Presence(userId)], [Field, PresenceFields.UnixMs(now), Retention]),
            "recording presence failed",
            cancellationToken);

    public async ValueTask<IReadOnlyList<PresenceEntry?>?> GetAsync(IReadOnlyList<string> userIds, CancellationToken cancellationToken)
    {
        // One pipelined batch: a round trip for every contact, whatever their number (and each key on its own slot in a cluster).
        var hashes = await connection.TryAsync(
            database =>
            {
                var batch = database.CreateBatch();
                var reads = userIds.Select(userId => batch.HashGetAllAsync(keys.Presence(userId))).ToArray();
                batch.Execute();
                return Task.WhenAll(reads);
            },
            "reading presence failed",
            cancellationToken);
        return hashes is null ? null : Array.ConvertAll(hashes, PresenceFields.Read);
    }
}
