using BstChat.Backplane;

namespace BstChat.Presence;

/// <summary>
/// Whether a user is online, from what is recorded of them: a pure decision, shared by the
/// in-memory tracker and the backplane one, with the recording kept elsewhere.
/// </summary>
/// <remarks>
/// A user is online until the later of two times: the end of the hold that counts for them (a
/// request held here has no end; one held elsewhere counts until its instance's lease runs out,
/// so a vanished instance stops counting by itself), and <see cref="BstChatOptions.PresenceGracePeriod"/>
/// after they were last seen, which keeps a user online between one answered request and the next.
/// </remarks>
internal static class PresenceRule
{
    /// <summary>When <paramref name="entry"/> stops showing its user online; <see cref="DateTimeOffset.MinValue"/> when never seen.</summary>
    public static DateTimeOffset OnlineUntil(PresenceEntry? entry, TimeSpan grace)
    {
        if (entry is null)
        {
            return DateTimeOffset.MinValue;
        }

        var afterSeen = entry.LastSeenAt > DateTimeOffset.MaxValue - grace ? DateTimeOffset.MaxValue : entry.LastSeenAt + grace;
        return entry.HeldUntil is { } held && held > afterSeen ? held : afterSeen;
    }

    /// <summary>Whether <paramref name="entry"/> shows its user online at <paramref name="now"/>.</summary>
    public static bool IsOnline(PresenceEntry? entry, DateTimeOffset now, TimeSpan grace) => OnlineUntil(entry, grace) > now;

    /// <summary>What is shown of <paramref name="userId"/> at <paramref name="now"/>, and when that changes by itself (<see cref="DateTimeOffset.MaxValue"/>: not by itself).</summary>
    public static (UserPresence Presence, DateTimeOffset ChangesAt) Show(string userId, PresenceEntry? entry, DateTimeOffset now, TimeSpan grace)
    {
        var onlineUntil = OnlineUntil(entry, grace);
        return onlineUntil > now
            ? (new UserPresence(userId, IsOnline: true, LastSeenAt: null), onlineUntil)
            : (new UserPresence(userId, IsOnline: false, entry?.LastSeenAt), DateTimeOffset.MaxValue);
    }

    /// <summary>One view of a user from two records of them (this instance's and the backplane's): seen at the later time, held until the later end.</summary>
    public static PresenceEntry? Combine(PresenceEntry? a, PresenceEntry? b)
    {
        if (a is null || b is null)
        {
            return a ?? b;
        }

        var held = (a.HeldUntil, b.HeldUntil) switch
        {
            ({ } x, { } y) => x > y ? x : y,
            (var x, var y) => x ?? y,
        };
        return new PresenceEntry(a.LastSeenAt > b.LastSeenAt ? a.LastSeenAt : b.LastSeenAt, held);
    }

    /// <summary>What <paramref name="entries"/> (one per user, in order) show at <paramref name="now"/>.</summary>
    public static PresenceSnapshot Snapshot(IReadOnlyList<string> userIds, Func<int, PresenceEntry?> entries, DateTimeOffset now, TimeSpan grace)
    {
        var users = new UserPresence[userIds.Count];
        DateTimeOffset? nextChange = null;
        for (var i = 0; i < users.Length; i++)
        {
            var (presence, changesAt) = Show(userIds[i], entries(i), now, grace);
            users[i] = presence;
            if (changesAt != DateTimeOffset.MaxValue && (nextChange is not { } next || changesAt < next))
            {
                nextChange = changesAt;
            }
        }

        return new PresenceSnapshot(users, nextChange);
    }
}
