using System.Threading.RateLimiting;
using BstChat.AspNetCore.Limits;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace BstChat.AspNetCore.Tests;

/// <summary>The per-user rate-limit policies as <c>AddBstChat()</c> registers them, and a host replacing them.</summary>
public sealed class UserRateLimitsTests
{
    [Fact]
    public void Writes_beyond_the_burst_are_refused_with_too_many_writes_and_when_to_retry()
    {
        using var services = Build(o => o.WriteRate = new() { Burst = 3, PerMinute = 6 });
        var limits = UserRateLimits.From(services);

        for (var i = 0; i < 3; i++)
        {
            limits.AcquireWrite("alice");
        }

        var error = Assert.Throws<ChatException>(() => limits.AcquireWrite("alice"));

        Assert.Equal((ChatErrorKind.RateLimited, ChatErrorCodes.TooManyWrites), (error.Kind, error.Code));
        // 6 a minute: the next token comes back within 10 s.
        Assert.InRange(error.RetryAfter.GetValueOrDefault(), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Each_user_has_their_own_bucket()
    {
        using var services = Build(o => o.WriteRate = new() { Burst = 1, PerMinute = 1 });
        var limits = UserRateLimits.From(services);
        limits.AcquireWrite("alice");
        Assert.Throws<ChatException>(() => limits.AcquireWrite("alice"));

        limits.AcquireWrite("bob");
    }

    [Fact]
    public void Typing_signals_have_their_own_bucket_and_code()
    {
        using var services = Build(o => (o.WriteRate, o.TypingRate) = (new() { Burst = 1, PerMinute = 1 }, new() { Burst = 2, PerMinute = 1 }));
        var limits = UserRateLimits.From(services);
        limits.AcquireWrite("alice");

        limits.AcquireTyping("alice");
        limits.AcquireTyping("alice");
        var error = Assert.Throws<ChatException>(() => limits.AcquireTyping("alice"));

        Assert.Equal((ChatErrorKind.RateLimited, ChatErrorCodes.TooManyTypingSignals), (error.Kind, error.Code));
        Assert.Equal(TimeSpan.FromMinutes(1), error.RetryAfter);
    }

    [Fact]
    public void A_host_policy_registered_after_AddBstChat_replaces_the_default()
    {
        var collection = new ServiceCollection().AddLogging();
        collection.AddBstChat(o => o.WriteRate = new() { Burst = 1, PerMinute = 1 }).AddInMemoryStore();
        collection.AddKeyedSingleton(ChatRateLimitPolicies.Writes, PartitionedRateLimiter.Create<string, string>(userId => RateLimitPartition.GetNoLimiter(userId)));
        using var services = collection.BuildServiceProvider();
        var limits = UserRateLimits.From(services);

        for (var i = 0; i < 20; i++)
        {
            limits.AcquireWrite("alice");
        }
    }

    [Fact]
    public void A_host_policy_registered_before_AddBstChat_is_kept()
    {
        var collection = new ServiceCollection().AddLogging();
        collection.AddKeyedSingleton(ChatRateLimitPolicies.Typing, PartitionedRateLimiter.Create<string, string>(userId => RateLimitPartition.GetNoLimiter(userId)));
        collection.AddBstChat(o => o.TypingRate = new() { Burst = 1, PerMinute = 1 }).AddInMemoryStore();
        using var services = collection.BuildServiceProvider();
        var limits = UserRateLimits.From(services);

        for (var i = 0; i < 20; i++)
        {
            limits.AcquireTyping("alice");
        }

        Assert.Single(collection, d => d.ServiceType == typeof(PartitionedRateLimiter<string>) && Equals(d.ServiceKey, ChatRateLimitPolicies.Typing));
    }

    [Fact]
    public void A_host_limiter_that_names_no_retry_time_still_gets_a_Retry_After()
    {
        var collection = new ServiceCollection().AddLogging();
        // A concurrency limiter with its one permit held says nothing about when to retry.
        collection.AddKeyedSingleton(ChatRateLimitPolicies.Writes, PartitionedRateLimiter.Create<string, string>(userId =>
            RateLimitPartition.GetConcurrencyLimiter(userId, _ => new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 0 })));
        collection.AddBstChat().AddInMemoryStore();
        using var services = collection.BuildServiceProvider();
        var held = services.GetRequiredKeyedService<PartitionedRateLimiter<string>>(ChatRateLimitPolicies.Writes).AttemptAcquire("alice");
        Assert.True(held.IsAcquired);

        var error = Assert.Throws<ChatException>(() => UserRateLimits.From(services).AcquireWrite("alice"));

        Assert.Equal(UserRateLimits.FallbackRetryAfter, error.RetryAfter);
        held.Dispose();
    }

    private static ServiceProvider Build(Action<BstChatOptions> configure) =>
        new ServiceCollection().AddLogging().AddBstChat(configure).AddInMemoryStore().Services.BuildServiceProvider();
}
