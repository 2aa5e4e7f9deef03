using System.Collections.Concurrent;
using BstChat.Backplane;
using Microsoft.Extensions.Options;

namespace BstChat.Presence;

/// <summary>
/// The default presence tracker: this process's memory. Nothing is sent or stored for it, so it
/// costs clients no traffic; it is this instance's view only (see docs/user-feed.md for
/// scaled-out sites). A request held here counts for as long as it is held. A user not seen for
/// <see cref="LastSeenRetention"/> is forgotten (shown as never seen), so memory holds the users
/// of the last month, not everyone since the process started.
/// </summary>
internal sealed class InMemoryPresenceTracker(IOptions<BstChatOptions> options, TimeProvider timeProvider) : IPresenceTracker
{
    /// <summary>How long a user's last-seen time is kept: as long as the Redis backplane keeps it.</summary>
    internal static readonly TimeSpan LastSeenRetention = TimeSpan.FromDays(30);

    /// <summary>How often, at most, forgotten users are swept out: the sweep walks every entry.</summary>
    internal static readonly TimeSpan SweepInterval = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, Seen> _users = new(StringComparer.Ordinal);
    private long _nextSweepTicks = timeProvider.GetUtcNow().Add(SweepInterval).UtcTicks;

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
        var now = timeProvider.GetUtcNow();
        SweepIfDue(now);
        var seen = _users.GetOrAdd(userId, static _ => new Seen());
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

    /// <summary>Forgets users with nothing held who were last seen longer ago than the retention; one caller at a time sweeps.</summary>
    private void SweepIfDue(DateTimeOffset now)
    {
        var due = Interlocked.Read(ref _nextSweepTicks);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextSweepTicks, now.Add(SweepInterval).UtcTicks, due) != due)
        {
            return;
        }

        foreach (var (userId, seen) in _users)
        {
            lock (seen)
            {
                if (seen.Held > 0 || seen.LastSeen is not { } last || now - last < LastSeenRetention)
                {
                    continue;
                }

                // Removed under its lock: a Hold that already holds this entry adds to an entry nobody reads
                // again, and the next Hold makes a new one, so the user is only shown as never seen.
                _users.TryRemove(new KeyValuePair<string, Seen>(userId, seen));
            }
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
