using System.Collections.Concurrent;
using BstChat.Backplane;
using Microsoft.Extensions.Options;

namespace BstChat.Presence;

/// <summary>
/// The default presence tracker: this process's memory. Nothing is sent or stored for it, so it
/// costs clients no traffic; it is this instance's view only (see docs/user-feed.md for
/// scaled-out sites). A request held here counts for as long as it is held.
/// </summary>
internal sealed class InMemoryPresenceTracker(IOptions<BstChatOptions> options, TimeProvider timeProvider) : IPresenceTracker
{
    private readonly ConcurrentDictionary<string, Seen> _users = new(StringComparer.Ordinal);

    private TimeSpan Grace => options.Value.PresenceGracePeriod;

    public ValueTask<bool> HoldAsync(string userId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(!PresenceRule.IsOnline(Hold(userId), timeProvider.GetUtcNow(), Grace));

    public ValueTask ReleaseAsync(string userId, CancellationToken cancellationToken)
    {
        Release(userId);
        return ValueTask.CompletedTask;
    }

    public ValueTask<PresenceSnapshot> GetPresenceAsync(IReadOnlyList<string> userIds, CancellationToken cancellationToken) =>
        ValueTask.FromResult(PresenceRule.Snapshot(userIds, i => Find(userIds[i]), timeProvider.GetUtcNow(), Grace));

    /// <summary>Counts one more request of <paramref name="userId"/> held here.</summary>
    /// <returns>What was recorded of the user before.</returns>
    internal PresenceEntry? Hold(string userId)
    {
        var seen = _users.GetOrAdd(userId, static _ => new Seen());
        var now = timeProvider.GetUtcNow();
        lock (seen)
        {
            var before = seen.Entry;
            seen.Held++;
            seen.LastSeen = now;
            return before;
        }
    }

    /// <summary>Counts one request of <paramref name="userId"/> fewer, seen now.</summary>
    internal void Release(string userId)
    {
        if (_users.TryGetValue(userId, out var seen))
        {
            lock (seen)
            {
                seen.Held = Math.Max(0, seen.Held - 1);
                seen.LastSeen = timeProvider.GetUtcNow();
            }
        }
    }

    /// <summary>What is recorded of <paramref name="userId"/> here; <see langword="null"/> when never seen.</summary>
    internal PresenceEntry? Find(string userId)
    {
        if (!_users.TryGetValue(userId, out var seen))
        {
            return null;
        }

        lock (seen)
        {
            return seen.Entry;
        }
    }

    private sealed class Seen
    {
        public int Held { get; set; }

        public DateTimeOffset? LastSeen { get; set; }

        /// <summary>A request held here ends only when released: held without an end.</summary>
        public PresenceEntry? Entry => LastSeen is { } last ? new PresenceEntry(last, Held > 0 ? DateTimeOffset.MaxValue : null) : null;
    }
}
