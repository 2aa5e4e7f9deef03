using BstChat.Feed;
using Microsoft.Extensions.Options;
using Xunit;

namespace BstChat.Core.Tests;

public sealed class WaitLimiterTests
{
    private readonly WaitLimiter _limiter = new(new OptionsWrapper<BstChatOptions>(new BstChatOptions { MaxConcurrentWaitsPerUser = 2, MaxConcurrentWaits = 5 }));

    [Fact]
    public void A_user_gets_no_more_waits_than_the_cap()
    {
        using var first = _limiter.TryAcquire("alice", out _);
        using var second = _limiter.TryAcquire("alice", out _);
        var third = _limiter.TryAcquire("alice", out var refusal);

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Null(third);
        Assert.Equal(WaitLimiter.Refusal.User, refusal);
        Assert.Equal(2, _limiter.Total);
    }

    [Fact]
    public void The_cap_is_per_user()
    {
        using var first = _limiter.TryAcquire("alice", out _);
        using var second = _limiter.TryAcquire("alice", out _);

        using var bobs = _limiter.TryAcquire("bob", out var refusal);

        Assert.NotNull(bobs);
        Assert.Equal(WaitLimiter.Refusal.None, refusal);
        Assert.Equal(3, _limiter.Total);
    }

    [Fact]
    public void No_user_gets_a_wait_once_the_server_holds_the_total_cap()
    {
        var leases = new[] { "alice", "alice", "bob", "bob", "carol" }.Select(user => _limiter.TryAcquire(user, out _)).ToList();
        Assert.All(leases, lease => Assert.NotNull(lease));

        var newcomer = _limiter.TryAcquire("dave", out var refusal);

        Assert.Null(newcomer);
        Assert.Equal(WaitLimiter.Refusal.Total, refusal);
        Assert.Equal(5, _limiter.Total);

        // A wait that ends makes room for anyone.
        leases[0]!.Dispose();
        using var dave = _limiter.TryAcquire("dave", out refusal);
        Assert.NotNull(dave);
        Assert.Equal(WaitLimiter.Refusal.None, refusal);
        leases.Skip(1).ToList().ForEach(lease => lease!.Dispose());
    }

    [Fact]
    public void A_wait_refused_by_the_per_user_cap_takes_nothing_from_the_total()
    {
        using var first = _limiter.TryAcquire("alice", out _);
        using var second = _limiter.TryAcquire("alice", out _);

        for (var i = 0; i < 10; i++)
        {
            Assert.Null(_limiter.TryAcquire("alice", out _));
        }

        Assert.Equal(2, _limiter.Total);
    }

    [Fact]
    public void Releasing_a_wait_frees_its_slot_once()
    {
        var first = _limiter.TryAcquire("alice", out _);
        using var second = _limiter.TryAcquire("alice", out _);
        Assert.NotNull(first);

        first.Dispose();
        first.Dispose();
        using var replacement = _limiter.TryAcquire("alice", out _);
        var overCap = _limiter.TryAcquire("alice", out _);

        Assert.NotNull(replacement);
        Assert.Null(overCap);
        Assert.Equal(2, _limiter.Total);
    }

    [Fact]
    public void Releasing_every_wait_brings_the_total_back_to_zero()
    {
        var leases = Enumerable.Range(0, 4).Select(i => _limiter.TryAcquire(i % 2 == 0 ? "alice" : "bob", out _)).ToList();
        Assert.All(leases, lease => Assert.NotNull(lease));

        leases.ForEach(lease => lease!.Dispose());

        Assert.Equal(0, _limiter.Total);
    }
}
