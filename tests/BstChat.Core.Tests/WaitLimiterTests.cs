using BstChat.Feed;
using Microsoft.Extensions.Options;
using Xunit;

namespace BstChat.Core.Tests;

public sealed class WaitLimiterTests
{
    private readonly WaitLimiter _limiter = new(new OptionsWrapper<BstChatOptions>(new BstChatOptions { MaxConcurrentWaitsPerUser = 2 }));

    [Fact]
    public void A_user_gets_no_more_waits_than_the_cap()
    {
        using var first = _limiter.TryAcquire("alice");
        using var second = _limiter.TryAcquire("alice");
        var third = _limiter.TryAcquire("alice");

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Null(third);
        Assert.Equal(2, _limiter.Total);
    }

    [Fact]
    public void The_cap_is_per_user()
    {
        using var first = _limiter.TryAcquire("alice");
        using var second = _limiter.TryAcquire("alice");

        using var bobs = _limiter.TryAcquire("bob");

        Assert.NotNull(bobs);
        Assert.Equal(3, _limiter.Total);
    }

    [Fact]
    public void Releasing_a_wait_frees_its_slot_once()
    {
        var first = _limiter.TryAcquire("alice");
        using var second = _limiter.TryAcquire("alice");
        Assert.NotNull(first);

        first.Dispose();
        first.Dispose();
        using var replacement = _limiter.TryAcquire("alice");
        var overCap = _limiter.TryAcquire("alice");

        Assert.NotNull(replacement);
        Assert.Null(overCap);
        Assert.Equal(2, _limiter.Total);
    }

    [Fact]
    public void Releasing_every_wait_brings_the_total_back_to_zero()
    {
        var leases = Enumerable.Range(0, 4).Select(i => _limiter.TryAcquire(i % 2 == 0 ? "alice" : "bob")).ToList();
        Assert.All(leases, lease => Assert.NotNull(lease));

        leases.ForEach(lease => lease!.Dispose());

        Assert.Equal(0, _limiter.Total);
    }
}
