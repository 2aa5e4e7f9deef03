using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace BstChat.Feed;

/// <summary>
/// Caps how many change-feed requests are held waiting at once: per user
/// (<see cref="BstChatOptions.MaxConcurrentWaitsPerUser"/>) and in total
/// (<see cref="BstChatOptions.MaxConcurrentWaits"/>).
/// </summary>
internal sealed class WaitLimiter(IOptions<BstChatOptions> options)
{
    private readonly ConcurrentDictionary<string, int> _waitsByUser = new(StringComparer.Ordinal);
    private int _total;

    /// <summary>Which cap refused a wait.</summary>
    public enum Refusal
    {
        /// <summary>None: the wait was allowed.</summary>
        None,

        /// <summary>The user holds as many waits as allowed.</summary>
        User,

        /// <summary>The server holds as many waits as allowed.</summary>
        Total,
    }

    /// <summary>Requests waiting now, across all users.</summary>
    public int Total => Volatile.Read(ref _total);

    /// <summary>Takes a waiting slot for the user.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="refusal">Which cap refused the slot, when one did.</param>
    /// <returns>The slot, to dispose when the wait ends; <see langword="null"/> when a cap is reached.</returns>
    public Lease? TryAcquire(string userId, out Refusal refusal)
    {
        // The total is taken first and given back on refusal, so it never exceeds the cap, even for a moment.
        if (!TryTakeFromTotal(options.Value.MaxConcurrentWaits))
        {
            refusal = Refusal.Total;
            return null;
        }

        var max = options.Value.MaxConcurrentWaitsPerUser;
        while (true)
        {
            var current = _waitsByUser.GetValueOrDefault(userId);
            if (current >= max)
            {
                Interlocked.Decrement(ref _total);
                refusal = Refusal.User;
                return null;
            }

            var taken = current == 0
                ? _waitsByUser.TryAdd(userId, 1)
                : _waitsByUser.TryUpdate(userId, current + 1, current);
            if (taken)
            {
                refusal = Refusal.None;
                return new Lease(this, userId);
            }
        }
    }

    private bool TryTakeFromTotal(int max)
    {
        while (true)
        {
            var current = Volatile.Read(ref _total);
            if (current >= max)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _total, current + 1, current) == current)
            {
                return true;
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
