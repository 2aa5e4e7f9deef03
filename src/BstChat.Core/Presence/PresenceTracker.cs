using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace BstChat.Presence;

/// <summary>
/// Who is online, from what the server already sees: a user is online while one of their feed
/// requests is held here, or for <see cref="BstChatOptions.PresenceGracePeriod"/> after one was
/// answered. Nothing is sent or stored for it, so it costs clients no traffic; it is this
/// instance's view (see docs/user-feed.md for scaled-out sites).
/// </summary>
internal sealed class PresenceTracker(IOptions<BstChatOptions> options, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, Seen> _users = new(StringComparer.Ordinal);

    private TimeSpan Grace => options.Value.PresenceGracePeriod;

    /// <summary>A feed request of <paramref name="userId"/> starts; end it with <see cref="Release"/>.</summary>
    /// <returns>Whether the user came online with it (they were offline or never seen).</returns>
    public bool Hold(string userId)
    {
        var seen = _users.GetOrAdd(userId, static _ => new Seen());
        var now = timeProvider.GetUtcNow();
        lock (seen)
        {
            var wasOnline = seen.IsOnline(now, Grace);
            seen.Held++;
            return !wasOnline;
        }
    }

    /// <summary>A feed request of <paramref name="userId"/> was answered or ended: they stay online for the grace period.</summary>
    public void Release(string userId)
    {
        if (_users.TryGetValue(userId, out var seen))
        {
            lock (seen)
            {
                seen.Held--;
                seen.LastSeen = timeProvider.GetUtcNow();
            }
        }
    }

    /// <summary>What is known of a user now, and when that changes by itself (an online user with nothing held going offline).</summary>
    public (UserPresence Presence, DateTimeOffset ChangesAt) Get(string userId, DateTimeOffset now)
    {
        if (!_users.TryGetValue(userId, out var seen))
        {
            return (new UserPresence(userId, IsOnline: false, LastSeenAt: null), DateTimeOffset.MaxValue);
        }

        lock (seen)
        {
            if (seen.Held > 0)
            {
                return (new UserPresence(userId, IsOnline: true, LastSeenAt: null), DateTimeOffset.MaxValue);
            }

            return seen.IsOnline(now, Grace)
                ? (new UserPresence(userId, IsOnline: true, LastSeenAt: null), seen.LastSeen!.Value + Grace)
                : (new UserPresence(userId, IsOnline: false, seen.LastSeen), DateTimeOffset.MaxValue);
        }
    }

    private sealed class Seen
    {
        public int Held { get; set; }

        public DateTimeOffset? LastSeen { get; set; }

        public bool IsOnline(DateTimeOffset now, TimeSpan grace) => Held > 0 || (LastSeen is { } last && now - last < grace);
    }
}
