using System.Collections.Concurrent;

namespace BstChat.Storage.Mongo.GapFree;

/// <summary>
/// Remembers when this process first saw each open gap, so a gap's age is measured on this
/// process's own clock: no clock of another machine, and no extra write per change, is needed.
/// A process that first sees an old gap waits the threshold once; after that the gap is filled
/// for every reader.
/// </summary>
/// <param name="maxConversations">Bounds memory: past it the record is cleared, which only makes some gaps wait one more threshold.</param>
internal sealed class GapObservations(int maxConversations = 10_000)
{
    private readonly ConcurrentDictionary<string, Dictionary<long, DateTimeOffset>> _firstSeen = new(StringComparer.Ordinal);

    /// <summary>Records the conversation's open gaps and returns how long each has been seen; forgets gaps that closed.</summary>
    /// <param name="conversationId">The conversation.</param>
    /// <param name="gaps">Its open gaps now.</param>
    /// <param name="now">The time now, from the store's <see cref="TimeProvider"/>.</param>
    public IReadOnlyDictionary<long, TimeSpan> Observe(string conversationId, IReadOnlyList<long> gaps, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(gaps);
        if (gaps.Count == 0)
        {
            _firstSeen.TryRemove(conversationId, out _);
            return new Dictionary<long, TimeSpan>();
        }

        if (_firstSeen.Count >= maxConversations && !_firstSeen.ContainsKey(conversationId))
        {
            _firstSeen.Clear();
        }

        var firstSeen = _firstSeen.GetOrAdd(conversationId, static _ => []);
        var ages = new Dictionary<long, TimeSpan>(gaps.Count);
        lock (firstSeen)
        {
            var stillOpen = new Dictionary<long, DateTimeOffset>(gaps.Count);
            foreach (var gap in gaps)
            {
                var seen = firstSeen.TryGetValue(gap, out var at) ? at : now;
                stillOpen[gap] = seen;
                ages[gap] = now - seen;
            }

            firstSeen.Clear();
            foreach (var (gap, seen) in stillOpen)
            {
                firstSeen[gap] = seen;
            }
        }

        return ages;
    }

    /// <summary>How many conversations have open gaps on record.</summary>
    public int Count => _firstSeen.Count;
}
