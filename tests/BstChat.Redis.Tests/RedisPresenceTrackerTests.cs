using BstChat.Redis.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace BstChat.Redis.Tests;

/// <summary>
/// Presence through the Redis backplane against a real redis-server: two nodes stand for two
/// instances of one site, on one <see cref="FakeTimeProvider"/>, so the grace period and the
/// leases pass only when a test moves it.
/// </summary>
public sealed class RedisPresenceTrackerTests : IAsyncLifetime
{
    /// <summary>The defaults: <see cref="BstChatOptions.PresenceGracePeriod"/> and <see cref="BstChatOptions.MaxWait"/>.</summary>
    private static readonly TimeSpan Grace = new BstChatOptions().PresenceGracePeriod;

    /// <summary>How long an instance's holds count after its last one unless released: the bound for an instance that vanished.</summary>
    private static readonly TimeSpan Lease = new BstChatOptions().MaxWait + Grace;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly List<BackplaneNode> _nodes = [];
    private RedisServer? _redis;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private RedisServer Redis => _redis ?? throw new InvalidOperationException("Redis starts in InitializeAsync.");

    public async ValueTask InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_user_held_on_one_instance_is_online_on_the_other_and_does_not_come_online_again_there()
    {
        var (a, b) = await StartTwoAsync();
        var heldAt = _time.GetUtcNow();

        Assert.True(await a.Presence.HoldAsync("ben", Cancellation));
        _time.Advance(TimeSpan.FromSeconds(10));
        var onB = await b.Presence.GetPresenceAsync(["ben", "ann"], Cancellation);
        var cameOnlineOnB = await b.Presence.HoldAsync("ben", Cancellation);

        Assert.Equal([new UserPresence("ben", true, null), new UserPresence("ann", false, null)], onB.Users);
        // Held elsewhere: online until that instance's lease runs out, unless it releases first.
        Assert.Equal(heldAt + Lease, onB.NextChange);
        Assert.False(cameOnlineOnB);
    }

    [Fact]
    public async Task Released_on_both_instances_a_user_is_offline_everywhere_after_the_grace_period()
    {
        var (a, b) = await StartTwoAsync();
        await a.Presence.HoldAsync("ben", Cancellation);
        await b.Presence.HoldAsync("ben", Cancellation);
        _time.Advance(TimeSpan.FromSeconds(5));
        await a.Presence.ReleaseAsync("ben", Cancellation);
        var heldOnBOnly = await a.Presence.GetPresenceAsync(["ben"], Cancellation);
        _time.Advance(TimeSpan.FromSeconds(5));
        await b.Presence.ReleaseAsync("ben", Cancellation);
        var released = _time.GetUtcNow();

        var justReleased = await a.Presence.GetPresenceAsync(["ben"], Cancellation);
        _time.Advance(Grace - TimeSpan.FromMilliseconds(1));
        var lastMoment = await a.Presence.GetPresenceAsync(["ben"], Cancellation);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True(heldOnBOnly.Users[0].IsOnline);
        Assert.True(justReleased.Users[0].IsOnline);
        Assert.Equal(released + Grace, justReleased.NextChange);
        Assert.True(lastMoment.Users[0].IsOnline);
        Assert.Equal([new UserPresence("ben", false, released)], (await a.Presence.GetPresenceAsync(["ben"], Cancellation)).Users);
        Assert.Equal([new UserPresence("ben", false, released)], (await b.Presence.GetPresenceAsync(["ben"], Cancellation)).Users);
        Assert.True(await a.Presence.HoldAsync("ben", Cancellation));
    }

    [Fact]
    public async Task An_instance_that_vanishes_without_releasing_stops_counting_when_its_lease_runs_out()
    {
        var (a, b) = await StartTwoAsync();
        var heldAt = _time.GetUtcNow();
        await a.Presence.HoldAsync("ben", Cancellation);
        await VanishAsync(a);

        _time.Advance(Lease - TimeSpan.FromMilliseconds(1));
        var beforeTheBound = await b.Presence.GetPresenceAsync(["ben"], Cancellation);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var atTheBound = await b.Presence.GetPresenceAsync(["ben"], Cancellation);

        Assert.True(beforeTheBound.Users[0].IsOnline);
        Assert.Equal(heldAt + Lease, beforeTheBound.NextChange);
        // Last seen when the vanished instance took the request.
        Assert.Equal([new UserPresence("ben", false, heldAt)], atTheBound.Users);
        Assert.Null(atTheBound.NextChange);
        Assert.True(await b.Presence.HoldAsync("ben", Cancellation));
    }

    [Fact]
    public async Task A_live_instance_s_holds_that_outlast_their_lease_start_counting_again_from_its_next_hold()
    {
        // Releases lost (Redis away when they were made) leave counts behind; the lease ends them.
        var (a, b) = await StartTwoAsync();
        await a.Presence.HoldAsync("ben", Cancellation);
        await a.Presence.HoldAsync("ben", Cancellation);
        _time.Advance(Lease);
        await a.Presence.HoldAsync("ben", Cancellation);
        await a.Presence.ReleaseAsync("ben", Cancellation);
        var released = _time.GetUtcNow();
        _time.Advance(Grace);

        Assert.Equal([new UserPresence("ben", false, released)], (await b.Presence.GetPresenceAsync(["ben"], Cancellation)).Users);
    }

    [Fact]
    public async Task The_presence_of_many_users_held_on_either_instance_is_read_in_order_at_once()
    {
        var (a, b) = await StartTwoAsync();
        var users = Enumerable.Range(0, 200).Select(static i => $"user-{i:D3}").ToArray();
        foreach (var (user, i) in users.Select(static (u, i) => (u, i)))
        {
            if (i % 3 == 0)
            {
                await (i % 2 == 0 ? a : b).Presence.HoldAsync(user, Cancellation);
            }
        }

        var onA = await a.Presence.GetPresenceAsync(users, Cancellation);
        var onB = await b.Presence.GetPresenceAsync(users, Cancellation);

        Assert.Equal(users, onA.Users.Select(static u => u.UserId));
        Assert.Equal(users.Select(static (_, i) => i % 3 == 0), onA.Users.Select(static u => u.IsOnline));
        Assert.Equal(onA.Users, onB.Users);
    }

    [Fact]
    public async Task A_user_s_presence_key_is_under_the_site_s_prefix_and_expires_by_itself()
    {
        var a = await StartAsync("lessons:");
        var other = await StartAsync("staff:");
        await using var direct = await ConnectionMultiplexer.ConnectAsync(Redis.ConnectionString);
        await a.Presence.HoldAsync("ben", Cancellation);

        var ttl = await direct.GetDatabase().KeyTimeToLiveAsync("lessons:presence:ben");

        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromDays(29), TimeSpan.FromDays(30));
        Assert.False((await other.Presence.GetPresenceAsync(["ben"], Cancellation)).Users[0].IsOnline);
    }

    [Fact]
    public async Task With_Redis_down_presence_falls_back_to_each_instance_s_own_view_at_once()
    {
        var (a, b) = await StartTwoAsync();
        await Redis.StopAsync();

        // A call that waited on Redis would wait for its command timeout, minutes away; failing fast answers far sooner.
        var calls = Task.Run(
            async () =>
            {
                var cameOnline = await a.Presence.HoldAsync("ben", Cancellation);
                var onA = await a.Presence.GetPresenceAsync(["ben"], Cancellation);
                var onB = await b.Presence.GetPresenceAsync(["ben"], Cancellation);
                await a.Presence.ReleaseAsync("ben", Cancellation);
                return (cameOnline, onA, onB);
            },
            Cancellation);
        var (cameOnline, onA, onB) = await calls.WaitAsync(RedisServer.CommandTimeout / 3, Cancellation);

        Assert.True(cameOnline);
        Assert.Equal([new UserPresence("ben", true, null)], onA.Users);
        Assert.Null(onA.NextChange);
        Assert.Equal([new UserPresence("ben", false, null)], onB.Users);
    }

    [Fact]
    public async Task A_user_held_here_during_an_outage_still_shows_online_here_once_Redis_is_back()
    {
        var (a, b) = await StartTwoAsync();
        await Redis.StopAsync();
        await a.Presence.HoldAsync("ben", Cancellation);
        await Redis.StartAgainAsync();
        await UntilSharedAsync(a, b);

        // Redis came back empty; this instance's own record still counts for its readers.
        Assert.True((await a.Presence.GetPresenceAsync(["ben"], Cancellation)).Users[0].IsOnline);
        Assert.False((await b.Presence.GetPresenceAsync(["ben"], Cancellation)).Users[0].IsOnline);
    }

    private async Task<(BackplaneNode A, BackplaneNode B)> StartTwoAsync() => (await StartAsync(), await StartAsync());

    private async Task<BackplaneNode> StartAsync(string? keyPrefix = null)
    {
        var node = await BackplaneNode.StartAsync(Redis, TimeSpan.FromMinutes(1), keyPrefix, _time);
        _nodes.Add(node);
        return node;
    }

    /// <summary>Stops <paramref name="node"/> without releasing what it holds, as a crash would.</summary>
    private async Task VanishAsync(BackplaneNode node)
    {
        _nodes.Remove(node);
        await node.DisposeAsync();
    }

    /// <summary>Holds a user on <paramref name="a"/> until <paramref name="b"/> sees them: both are connected to Redis again (a hang guard of two minutes).</summary>
    private static async Task UntilSharedAsync(BackplaneNode a, BackplaneNode b)
    {
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        giveUp.CancelAfter(TimeSpan.FromMinutes(2));
        while (true)
        {
            await a.Presence.HoldAsync("probe", giveUp.Token);
            var seen = (await b.Presence.GetPresenceAsync(["probe"], giveUp.Token)).Users[0].IsOnline;
            await a.Presence.ReleaseAsync("probe", giveUp.Token);
            if (seen)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), giveUp.Token);
        }
    }
}
