using BstChat.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BstChat.Feed;

/// <summary>
/// Lets a change-feed request wait, or refuses it with the 429 that names the cap it reached:
/// the user's (<see cref="BstChatOptions.MaxConcurrentWaitsPerUser"/>) or the server's
/// (<see cref="BstChatOptions.MaxConcurrentWaits"/>).
/// </summary>
internal sealed class WaitSlots(WaitLimiter limiter, ChatMetrics metrics, IOptions<BstChatOptions> options, ILogger<WaitSlots> logger)
{
    /// <summary>Takes one of the user's waiting slots.</summary>
    /// <param name="userId">The user.</param>
    /// <returns>The slot, to dispose when the wait ends.</returns>
    /// <exception cref="ChatException">A cap is reached (rate limited, with a retry-after).</exception>
    public IDisposable Acquire(string userId)
    {
        if (limiter.TryAcquire(userId, out var refusal) is { } lease)
        {
            metrics.WaitStarted();
            return new Slot(lease, metrics);
        }

        metrics.WaitRefused();
        var limits = options.Value;
        if (refusal == WaitLimiter.Refusal.Total)
        {
            ChatLog.WaitRefusedInTotal(logger, limits.MaxConcurrentWaits);
            // The server is full rather than this user greedy: spread the retries over a quiet poll interval.
            throw new ChatException(ChatErrorKind.RateLimited, ChatErrorCodes.TooManyWaitsInTotal,
                "The server holds as many waiting requests as it allows; poll again later.")
            {
                RetryAfter = limits.QuietPollInterval,
            };
        }

        ChatLog.WaitRefused(logger, userId, limits.MaxConcurrentWaitsPerUser);
        throw new ChatException(ChatErrorKind.RateLimited, ChatErrorCodes.TooManyWaits,
            $"This user already holds {limits.MaxConcurrentWaitsPerUser} waiting requests.")
        {
            RetryAfter = limits.BusyPollInterval,
        };
    }

    /// <summary>A held slot: gives the lease back and counts the wait as ended, once.</summary>
    private sealed class Slot(WaitLimiter.Lease lease, ChatMetrics metrics) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                lease.Dispose();
                metrics.WaitEnded();
            }
        }
    }
}
