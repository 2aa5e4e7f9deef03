using BstChat.Backplane;

namespace BstChat.Typing;

/// <summary>Who is typing in a conversation at one moment.</summary>
/// <param name="Users">The users typing, ordered by user id.</param>
/// <param name="NextExpiry">When the first entry expires, so a waiting reader can show its disappearance; null when nobody types.</param>
public sealed record TypingSnapshot(IReadOnlyList<TypingUser> Users, DateTimeOffset? NextExpiry)
{
    /// <summary>Nobody typing.</summary>
    public static TypingSnapshot Empty { get; } = new([], null);

    /// <summary>What <paramref name="entries"/> show at <paramref name="now"/>: the live ones, ordered by user id, and the first expiry among them.</summary>
    internal static TypingSnapshot Of(IEnumerable<TypingEntry> entries, DateTimeOffset now)
    {
        List<TypingUser>? typing = null;
        DateTimeOffset? nextExpiry = null;
        foreach (var entry in entries)
        {
            if (entry.ExpiresAt <= now)
            {
                continue;
            }

            (typing ??= []).Add(entry.User);
            nextExpiry = nextExpiry is { } next && next < entry.ExpiresAt ? next : entry.ExpiresAt;
        }

        if (typing is null)
        {
            return Empty;
        }

        typing.Sort(static (a, b) => string.CompareOrdinal(a.UserId, b.UserId));
        return new TypingSnapshot(typing, nextExpiry);
    }
}
