using System.Diagnostics.Metrics;
using System.Threading.RateLimiting;
using BstChat.AspNetCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BstChat.AspNetCore.Limits;

/// <summary>
/// Takes a permit from a user's rate-limit policy (the keyed limiters <c>AddBstChat()</c>
/// registers under <see cref="ChatRateLimitPolicies"/>), or refuses with a
/// <see cref="ChatException"/> that the HTTP layer answers with 429 and Retry-After. The endpoints
/// call it once the request is known to be well-formed JSON, so nothing a cross-site form can send
/// spends a permit.
/// </summary>
internal sealed class UserRateLimits
{
    /// <summary>The Retry-After given when a host's limiter says nothing about when to retry.</summary>
    internal static readonly TimeSpan FallbackRetryAfter = TimeSpan.FromSeconds(1);

    private readonly PartitionedRateLimiter<string> _writes;
    private readonly PartitionedRateLimiter<string> _typing;
    private readonly PartitionedRateLimiter<string> _reads;
    private readonly Counter<long> _rateLimited;
    private readonly ILogger<UserRateLimits> _logger;

    private UserRateLimits(
        PartitionedRateLimiter<string> writes,
        PartitionedRateLimiter<string> typing,
        PartitionedRateLimiter<string> reads,
        IMeterFactory? meterFactory,
        ILogger<UserRateLimits> logger)
    {
        _writes = writes;
        _typing = typing;
        _reads = reads;
        _logger = logger;
        // The generic host provides a meter factory; bare service collections (tests, tools) may not.
        var meter = meterFactory?.Create(BstChatMeter.Name) ?? new Meter(BstChatMeter.Name);
        _rateLimited = meter.CreateCounter<long>("bstchat.requests.rate_limited", "{request}", "Requests refused by a rate-limit policy, tagged with the policy.");
    }

    /// <summary>The limits over the policies registered in <paramref name="services"/>, the host's own where it registered one.</summary>
    public static UserRateLimits From(IServiceProvider services) => new(
        services.GetRequiredKeyedService<PartitionedRateLimiter<string>>(ChatRateLimitPolicies.Writes),
        services.GetRequiredKeyedService<PartitionedRateLimiter<string>>(ChatRateLimitPolicies.Typing),
        services.GetRequiredKeyedService<PartitionedRateLimiter<string>>(ChatRateLimitPolicies.Reads),
        services.GetService<IMeterFactory>(),
        services.GetRequiredService<ILogger<UserRateLimits>>());

    /// <summary>A send, edit or delete.</summary>
    public void AcquireWrite(string userId) =>
        Acquire(_writes, ChatRateLimitPolicies.Writes, userId, ChatErrorCodes.TooManyWrites, "Too many messages sent, edited or deleted; wait before the next.");

    /// <summary>A typing signal.</summary>
    public void AcquireTyping(string userId) =>
        Acquire(_typing, ChatRateLimitPolicies.Typing, userId, ChatErrorCodes.TooManyTypingSignals, "Too many typing signals; wait before the next.");

    /// <summary>A read of the store: inbox, conversation, history, revisions or a change-feed request.</summary>
    public void AcquireRead(string userId) =>
        Acquire(_reads, ChatRateLimitPolicies.Reads, userId, ChatErrorCodes.TooManyReads, "Too many requests to read chat; wait before the next.");

    private void Acquire(PartitionedRateLimiter<string> limiter, string policy, string userId, string code, string message)
    {
        // A token bucket's permit needs no release; disposing is still the contract for any limiter a host plugs in.
        using var lease = limiter.AttemptAcquire(userId);
        if (lease.IsAcquired)
        {
            return;
        }

        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) && after > TimeSpan.Zero ? after : FallbackRetryAfter;
        _rateLimited.Add(1, new KeyValuePair<string, object?>("policy", policy));
        HttpLog.RateLimited(_logger, userId, policy);
        throw new ChatException(ChatErrorKind.RateLimited, code, message) { RetryAfter = retryAfter };
    }
}
