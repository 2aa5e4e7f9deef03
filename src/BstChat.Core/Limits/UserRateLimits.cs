using System.Threading.RateLimiting;
using BstChat.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BstChat.Limits;

/// <summary>
/// Takes a permit from a user's rate-limit policy, or refuses with a <see cref="ChatException"/>
/// that the HTTP layer answers with 429 and Retry-After. The HTTP endpoints call it once the
/// request is known to be well-formed JSON, so nothing a cross-site form can send spends a permit.
/// </summary>
internal sealed class UserRateLimits(
    [FromKeyedServices(ChatRateLimitPolicies.Writes)] PartitionedRateLimiter<string> writes,
    [FromKeyedServices(ChatRateLimitPolicies.Typing)] PartitionedRateLimiter<string> typing,
    [FromKeyedServices(ChatRateLimitPolicies.Reads)] PartitionedRateLimiter<string> reads,
    ChatMetrics metrics,
    ILogger<UserRateLimits> logger)
{
    /// <summary>The Retry-After given when a host's limiter says nothing about when to retry.</summary>
    internal static readonly TimeSpan FallbackRetryAfter = TimeSpan.FromSeconds(1);

    /// <summary>A send, edit or delete.</summary>
    public void AcquireWrite(string userId) =>
        Acquire(writes, ChatRateLimitPolicies.Writes, userId, ChatErrorCodes.TooManyWrites, "Too many messages sent, edited or deleted; wait before the next.");

    /// <summary>A typing signal.</summary>
    public void AcquireTyping(string userId) =>
        Acquire(typing, ChatRateLimitPolicies.Typing, userId, ChatErrorCodes.TooManyTypingSignals, "Too many typing signals; wait before the next.");

    /// <summary>A read of the store: inbox, conversation, history, revisions or a change-feed request.</summary>
    public void AcquireRead(string userId) =>
        Acquire(reads, ChatRateLimitPolicies.Reads, userId, ChatErrorCodes.TooManyReads, "Too many requests to read chat; wait before the next.");

    private void Acquire(PartitionedRateLimiter<string> limiter, string policy, string userId, string code, string message)
    {
        // A token bucket's permit needs no release; disposing is still the contract for any limiter a host plugs in.
        using var lease = limiter.AttemptAcquire(userId);
        if (lease.IsAcquired)
        {
            return;
        }

        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) && after > TimeSpan.Zero ? after : FallbackRetryAfter;
        metrics.RateLimited(policy);
        ChatLog.RateLimited(logger, userId, policy);
        throw new ChatException(ChatErrorKind.RateLimited, code, message) { RetryAfter = retryAfter };
    }
}
