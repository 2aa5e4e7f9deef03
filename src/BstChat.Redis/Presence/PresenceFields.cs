using System.Globalization;
using BstChat.Backplane;
using StackExchange.Redis;

namespace BstChat.Redis.Presence;

/// <summary>
/// A user's presence hash: field <c>seen</c> holds when they were last seen (unix ms); field
/// <c>held:{instance}</c> holds <c>"{count} {lease end unix ms}"</c>, the feed requests that
/// instance holds and until when they count. The scripts of <see cref="RedisPresenceBackplane"/>
/// write it; this reads it.
/// </summary>
internal static class PresenceFields
{
    public const string Seen = "seen";

    private const string HeldPrefix = "held:";

    public static string Held(string instanceId) => HeldPrefix + instanceId;

    public static long UnixMs(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    /// <summary>What a user's hash records, from every instance; <see langword="null"/> for an empty (never seen) one.</summary>
    public static PresenceEntry? Read(IEnumerable<(string Name, string? Value)> fields)
    {
        DateTimeOffset? seen = null, heldUntil = null;
        foreach (var (name, value) in fields)
        {
            if (name == Seen && TryUnixMs(value, out var seenAt))
            {
                seen = seenAt;
            }
            else if (name.StartsWith(HeldPrefix, StringComparison.Ordinal) && TryHeld(value, out var leaseUntil) && (heldUntil is not { } until || leaseUntil > until))
            {
                heldUntil = leaseUntil;
            }
        }

        return seen is { } last ? new PresenceEntry(last, heldUntil) : null;
    }

    public static PresenceEntry? Read(HashEntry[] fields) => Read(fields.Select(static f => ((string)f.Name!, (string?)f.Value)));

    /// <summary>Reads the flat name, value, name, value… array HGETALL answers inside a script.</summary>
    public static PresenceEntry? Read(RedisResult[] flat) =>
        Read(Enumerable.Range(0, flat.Length / 2).Select(i => ((string)flat[2 * i]!, (string?)flat[(2 * i) + 1])));

    /// <summary>A held field counts while its count is positive (its lease end is reported even once passed).</summary>
    private static bool TryHeld(string? value, out DateTimeOffset leaseUntil)
    {
        var space = value?.IndexOf(' ', StringComparison.Ordinal) ?? -1;
        leaseUntil = default;
        return space > 0
            && int.TryParse(value.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0
            && TryUnixMs(value![(space + 1)..], out leaseUntil);
    }

    private static bool TryUnixMs(string? value, out DateTimeOffset time)
    {
        var ok = long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var unixMs);
        time = ok ? DateTimeOffset.FromUnixTimeMilliseconds(unixMs) : default;
        return ok;
    }
}
