using System.Diagnostics;
using BstChat.Redis.Tests.Infrastructure;

namespace BstChat.Redis.Tests;

/// <summary>The Redis notifier against a real redis-server, two instances in one test process.</summary>
public sealed class RedisChatNotifierTests
{
    private static readonly TimeSpan TypingTimeout = TimeSpan.FromSeconds(6);
    /// <summary>Generous for a wake that takes milliseconds, and far below the Redis command timeout a blocked call would wait for.</summary>
    private static readonly TimeSpan Prompt = TimeSpan.FromMinutes(1);

    /// <summary>A hang guard: both instances reconnect within seconds of Redis returning.</summary>
    private static readonly TimeSpan Reconnect = TimeSpan.FromMinutes(2);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_notification_on_one_instance_wakes_a_subscriber_on_the_other()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var a = await BackplaneNode.StartAsync(redis, TypingTimeout);
        await using var b = await BackplaneNode.StartAsync(redis, TypingTimeout);
        using var onB = b.Notifier.Subscribe("lesson-1");
        using var otherOnB = b.Notifier.Subscribe("lesson-2");

        await a.Notifier.NotifyAsync("lesson-1", Cancellation);

        Assert.True(await onB.WaitAsync(Prompt, Cancellation));
        Assert.False(await otherOnB.WaitAsync(TimeSpan.FromMilliseconds(200), Cancellation));
    }

    [Fact]
    public async Task A_notification_wakes_a_subscriber_on_the_same_instance()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var a = await BackplaneNode.StartAsync(redis, TypingTimeout);
        using var onA = a.Notifier.Subscribe("lesson-1");

        await a.Notifier.NotifyAsync("lesson-1", Cancellation);

        Assert.True(await onA.WaitAsync(Prompt, Cancellation));
    }

    [Fact]
    public async Task With_Redis_down_notifications_stay_local_and_return_at_once()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var a = await BackplaneNode.StartAsync(redis, TypingTimeout);
        await redis.StopAsync();
        using var onA = a.Notifier.Subscribe("lesson-1");

        var notify = a.Notifier.NotifyAsync("lesson-1", Cancellation).AsTask();

        Assert.True(await onA.WaitAsync(Prompt, Cancellation));
        await notify.WaitAsync(Prompt, Cancellation);
    }

    [Fact]
    public async Task After_Redis_returns_notifications_cross_instances_again()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var a = await BackplaneNode.StartAsync(redis, TypingTimeout);
        await using var b = await BackplaneNode.StartAsync(redis, TypingTimeout);
        await redis.StopAsync();
        await redis.StartAgainAsync();

        // Both reconnect and resubscribe by themselves; notify until B hears it.
        var reconnecting = Stopwatch.StartNew();
        while (true)
        {
            using var onB = b.Notifier.Subscribe("lesson-1");
            await a.Notifier.NotifyAsync("lesson-1", Cancellation);
            if (await onB.WaitAsync(TimeSpan.FromMilliseconds(500), Cancellation))
            {
                break;
            }

            Assert.True(reconnecting.Elapsed < Reconnect, $"B heard nothing from A within {Reconnect.TotalSeconds} s of Redis returning.");
        }
    }

    [Fact]
    public async Task An_instance_started_while_Redis_is_down_joins_in_when_it_comes_up()
    {
        await using var redis = await RedisServer.StartAsync();
        await redis.StopAsync();
        await using var a = await BackplaneNode.StartAsync(redis, TypingTimeout);
        await using var b = await BackplaneNode.StartAsync(redis, TypingTimeout);
        await redis.StartAgainAsync();

        var reconnecting = Stopwatch.StartNew();
        while (true)
        {
            using var onB = b.Notifier.Subscribe("lesson-1");
            await a.Notifier.NotifyAsync("lesson-1", Cancellation);
            if (await onB.WaitAsync(TimeSpan.FromMilliseconds(500), Cancellation))
            {
                break;
            }

            Assert.True(reconnecting.Elapsed < Reconnect, $"B heard nothing from A within {Reconnect.TotalSeconds} s of Redis coming up.");
        }
    }
}
