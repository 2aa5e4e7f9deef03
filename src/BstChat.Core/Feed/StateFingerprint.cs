namespace BstChat.Feed;

/// <summary>
/// A stable 64-bit fingerprint (FNV-1a) of the typing and read-marker state, so a cursor can
/// say "you have seen this state" without the server keeping anything per client, and any
/// instance of a scaled-out site computes the same value.
/// </summary>
internal static class StateFingerprint
{
    private const ulong OffsetBasis = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    public static ulong Compute(IReadOnlyList<TypingUser> typing, IReadOnlyList<ReadMarker> readMarkers)
    {
        var hash = OffsetBasis;
        foreach (var user in typing.OrderBy(t => t.UserId, StringComparer.Ordinal))
        {
            hash = Add(hash, 'T');
            hash = Add(hash, user.UserId);
        }

        foreach (var marker in readMarkers.OrderBy(m => m.UserId, StringComparer.Ordinal))
        {
            hash = Add(hash, 'R');
            hash = Add(hash, marker.UserId);
            hash = Add(hash, marker.LastReadSeq);
        }

        return hash;
    }

    /// <summary>The fingerprint of who is online and when the others were last seen.</summary>
    public static ulong Compute(IReadOnlyList<UserPresence> presence)
    {
        var hash = OffsetBasis;
        foreach (var user in presence.OrderBy(p => p.UserId, StringComparer.Ordinal))
        {
            hash = Add(hash, user.IsOnline ? 'O' : 'o');
            hash = Add(hash, user.UserId);
            hash = Add(hash, user.LastSeenAt?.UtcTicks ?? 0);
        }

        return hash;
    }

    /// <summary>The fingerprint of one string.</summary>
    public static ulong Of(string value) => Add(OffsetBasis, value);

    private static ulong Add(ulong hash, string value)
    {
        foreach (var c in value)
        {
            hash = Add(hash, c);
        }

        // A terminator keeps ("ab","c") apart from ("a","bc").
        return Add(hash, '\0');
    }

    private static ulong Add(ulong hash, long value)
    {
        for (var i = 0; i < 8; i++)
        {
            hash = (hash ^ (byte)(value >> (i * 8))) * Prime;
        }

        return hash;
    }

    private static ulong Add(ulong hash, char value)
    {
        hash = (hash ^ (byte)value) * Prime;
        return (hash ^ (byte)(value >> 8)) * Prime;
    }
}
