using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Threading.RateLimiting;
using BstChat.AspNetCore.Diagnostics;
using Microsoft.Extensions.Logging;

namespace BstChat.AspNetCore.Limits;

/// <summary>
/// One rate-limit policy over a user's requests: takes a permit from the policy's limiter, and
/// takes back one a request did not use (a replay, a refusal) as a credit the user's next request
/// spends first, since a token bucket cannot be refilled from outside.
/// </summary>
/// <remarks>
/// A user holds at most one credit, and for at most <see cref="CreditLifetime"/>: enough for a
/// client that retries one request at a time, and no more than one request over the policy for
/// one that sends many no-change requests at once.
/// </remarks>
internal sealed class Allowance(
    PartitionedRateLimiter<string> limiter,
    string policy,
    string code,
    string message,
    Counter<long> rateLimited,
    TimeProvider timeProvider,
    ILogger logger)
{
    /// <summary>The Retry-After given when a host's limiter says nothing about when to retry.</summary>
    internal static readonly TimeSpan FallbackRetryAfter = TimeSpan.FromSeconds(1);

    internal static readonly TimeSpan CreditLifetime = TimeSpan.FromMinutes(1);

    /// <summary>Past this many users holding a credit, the expired ones are swept out on the next give-back.</summary>
    private const int SweepAbove = 1024;

    private readonly ConcurrentDictionary<string, long> _creditGivenAt = new(StringComparer.Ordinal);

    /// <summary>Takes a permit (the user's credit first), or says when to retry.</summary>
    public bool TryTake(string userId, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (_creditGivenAt.TryRemove(userId, out var givenAt) && timeProvider.GetElapsedTime(givenAt) < CreditLifetime)
        {
            return true;
        }

        // A token bucket's permit needs no release; disposing is still the contract for any limiter a host plugs in.
        using var lease = limiter.AttemptAcquire(userId);
        if (lease.IsAcquired)
        {
            return true;
        }

        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) && after > TimeSpan.Zero ? after : FallbackRetryAfter;
        return false;
    }

    /// <summary>Takes a permit or refuses with 429.</summary>
    public void Take(string userId)
    {
        if (!TryTake(userId, out var retryAfter))
        {
            throw Refuse(userId, retryAfter);
        }
    }

    /// <summary>Gives back a permit the request took but did not use: the user's next request is free.</summary>
    public void GiveBack(string userId)
    {
        var now = timeProvider.GetTimestamp();
        _creditGivenAt[userId] = now;
        if (_creditGivenAt.Count > SweepAbove)
        {
            foreach (var (user, givenAt) in _creditGivenAt)
            {
                if (timeProvider.GetElapsedTime(givenAt, now) >= CreditLifetime)
                {
                    _creditGivenAt.TryRemove(new KeyValuePair<string, long>(user, givenAt));
                }
            }
        }
    }

    /// <summary>The refusal, counted and logged: a 429 with Retry-After.</summary>
    public ChatException Refuse(string userId, TimeSpan retryAfter)
    {
        rateLimited.Add(1, new KeyValuePair<string, object?>("policy", policy));
        HttpLog.RateLimited(logger, userId, policy);
        return new ChatException(ChatErrorKind.RateLimited, code, message) { RetryAfter = retryAfter };
    }
}
