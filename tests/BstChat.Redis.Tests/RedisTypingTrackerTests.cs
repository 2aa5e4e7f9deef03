using System.Diagnostics;
using BstChat.Redis.Tests.Infrastructure;
using StackExchange.Redis;

namespace BstChat.Redis.Tests;

/// <summary>The Redis typing tracker against a real redis-server, two instances in one test process.</summary>
public sealed class RedisTypingTrackerTests
{
    private static readonly TypingUser Anna = new("anna", "Anna Smith");
    private static readonly TypingUser Ben = new("ben", "Ben");

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Typing_set_on_one_instance_is_read_and_cleared_on_the_other()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var a = await BackplaneNode.StartAsync(redis, TimeSpan.FromSeconds(6));
        await using var b = await BackplaneNode.StartAsync(redis, TimeSpan.FromSeconds(6));

        await a.Typing.SetTypingAsync("lesson-1", Ben, Cancellation);
        await a.Typing.SetTypingAsync("lesson-1", Anna, Cancellation);
        var seen = await b.Typing.GetTypingAsync("lesson-1", Cancellation);

        Assert.Equal([Anna, Ben], seen.Users);
        Assert.NotNull(seen.NextExpiry);
        Assert.Empty((await b.Typing.GetTypingAsync("lesson-2", Cancellation)).Users);

        Assert.True(await b.Typing.ClearAsync("lesson-1", "anna", Cancellation));
        Assert.False(await b.Typing.ClearAsync("lesson-1", "anna", Cancellation));
        Assert.Equal([Ben], (await a.Typing.GetTypingAsync("lesson-1", Cancellation)).Users);
    }

    [Fact]
    public async Task Typing_expires_and_its_key_cleans_itself_up()
    {
        // Redis expires keys on its own clock, so this test runs on real time: short enough to
        // watch, and every check that depends on how long the machine took says so.
        var timeout = TimeSpan.FromSeconds(1);
        await using var redis = await RedisServer.StartAsync();
        await using var a = await BackplaneNode.StartAsync(redis, timeout);
        await using var b = await BackplaneNode.StartAsync(redis, timeout);
        await using var direct = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);

        var sinceSet = Stopwatch.StartNew();
        await a.Typing.SetTypingAsync("lesson-1", Anna, Cancellation);
        var shown = (await b.Typing.GetTypingAsync("lesson-1", Cancellation)).Users;
        var keyWhileShown = await direct.GetDatabase().KeyExistsAsync("bstchat:typing:lesson-1");
        if (sinceSet.Elapsed < timeout)
        {
            // Read back before it could have expired: it must be there.
            Assert.Equal([Anna], shown);
            Assert.True(keyWhileShown);
        }

        using var hangGuard = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        hangGuard.CancelAfter(TimeSpan.FromMinutes(1));
        while ((await b.Typing.GetTypingAsync("lesson-1", hangGuard.Token)).Users.Count > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), hangGuard.Token);
        }

        Assert.True(sinceSet.Elapsed >= timeout, $"Typing was gone after {sinceSet.Elapsed}, before its {timeout} timeout.");
        while (await direct.GetDatabase().KeyExistsAsync("bstchat:typing:lesson-1"))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), hangGuard.Token);
        }

        Assert.False(await b.Typing.ClearAsync("lesson-1", "anna", Cancellation));
    }

    [Fact]
    public async Task With_Redis_down_typing_falls_back_to_the_instance_at_once()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var a = await BackplaneNode.StartAsync(redis, TimeSpan.FromSeconds(6));
        await redis.StopAsync();

        // A call that waited on Redis would wait for its command timeout, minutes away; failing fast answers far sooner.
        var calls = Task.Run(async () =>
        {
            await a.Typing.SetTypingAsync("lesson-1", Anna, Cancellation);
            var seen = await a.Typing.GetTypingAsync("lesson-1", Cancellation);
            var cleared = await a.Typing.ClearAsync("lesson-1", "anna", Cancellation);
            return (seen, cleared);
        }, Cancellation);
        var (seen, cleared) = await calls.WaitAsync(RedisServer.CommandTimeout / 3, Cancellation);

        Assert.Equal([Anna], seen.Users);
        Assert.True(cleared);
    }
}
