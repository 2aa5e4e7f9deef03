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
        await using var redis = await RedisServer.StartAsync();
        await using var a = await BackplaneNode.StartAsync(redis, TimeSpan.FromMilliseconds(500));
        await using var b = await BackplaneNode.StartAsync(redis, TimeSpan.FromMilliseconds(500));
        await using var direct = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);

        await a.Typing.SetTypingAsync("lesson-1", Anna, Cancellation);
        Assert.Equal([Anna], (await b.Typing.GetTypingAsync("lesson-1", Cancellation)).Users);
        Assert.True(await direct.GetDatabase().KeyExistsAsync("bstchat:typing:lesson-1"));

        await Task.Delay(TimeSpan.FromMilliseconds(800), Cancellation);

        Assert.Empty((await b.Typing.GetTypingAsync("lesson-1", Cancellation)).Users);
        Assert.False(await b.Typing.ClearAsync("lesson-1", "anna", Cancellation));
        Assert.False(await direct.GetDatabase().KeyExistsAsync("bstchat:typing:lesson-1"));
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
