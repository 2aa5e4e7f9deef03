using System.Threading.RateLimiting;

namespace BstChat.Limits;

/// <summary>Builds the default policies: one token bucket per user id.</summary>
internal static class PerUserTokenBuckets
{
    public static PartitionedRateLimiter<string> Create(TokenBucketLimit limit) =>
        PartitionedRateLimiter.Create<string, string>(userId => RateLimitPartition.GetTokenBucketLimiter(userId, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = limit.Burst,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1) / limit.PerMinute,
            // The partitioned limiter refills its buckets on one shared timer, not a timer per user.
            AutoReplenishment = false,
            // Refuse at once: a queued request would hold a connection while the client could be told when to retry.
            QueueLimit = 0,
        }));
}
