using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace BstChat.Feed;

/// <summary>Caps how many change-feed requests one user holds waiting at once.</summary>
internal sealed class WaitLimiter(IOptions<BstChatOptions> options)
{
    private readonly ConcurrentDictionary<string, int> _waitsByUser = new(StringComparer.Ordinal);
    private int _total;

    /// <summary>Requests waiting now, across all users.</summary>
    public int Total => Volatile.Read(ref _total);

    /// <summary>Takes a waiting slot for the user.</summary>
    /// <returns>The slot, to dispose when the wait ends; <see langword="null"/> when the user is at the cap.</returns>
    public Lease? TryAcquire(string userId)
    {
        var max = options.Value.MaxConcurrentWaitsPerUser;
        while (true)
        {
            var current = _waitsByUser.GetValueOrDefault(userId);
            if (current >= max)
            {
                return null;
            }

            var taken = current == 0
                ? _waitsByUser.TryAdd(userId, 1)
                : _waitsByUser.TryUpdate(userId, current + 1, current);
            if (taken)
            {
                Interlocked.Increment(ref _total);
                return new Lease(this, userId);
            }
        }
    }

    private void Release(string userId)
    {
        Interlocked.Decrement(ref _total);
        while (true)
        {
            var current = _waitsByUser[userId];
            var released = current == 1
                ? _waitsByUser.TryRemove(new KeyValuePair<string, int>(userId, 1))
                : _waitsByUser.TryUpdate(userId, current - 1, current);
            if (released)
            {
                return;
            }
        }
    }

    /// <summary>A held waiting slot.</summary>
    internal sealed class Lease(WaitLimiter owner, string userId) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release(userId);
            }
        }
    }
}
