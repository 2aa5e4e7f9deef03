using System.Diagnostics;
using BstChat.AspNetCore.Tests.Infrastructure;
using BstChat.Redis.Tests.Infrastructure;

namespace BstChat.Redis.Tests;

/// <summary>
/// Two sample processes over one PostgreSQL database with the Redis backplane: a change on one
/// instance wakes readers waiting on the other at once, far under the store re-check.
/// </summary>
public sealed class TwoInstancesWithRedisTests
{
    /// <summary>The sample's default: anything faster than this came through Redis.</summary>
    private static readonly TimeSpan DefaultRecheck = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan Instant = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_message_sent_on_one_instance_wakes_a_waiter_on_the_other_at_once()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var site = await TwoInstances.StartAsync(DefaultRecheck, redis);

        var (changes, delay) = await site.WaitOnBWhileAsync(() => site.AnnaOnA.SendMessageAsync(TwoInstances.Conversation, "Hello from A"));

        Assert.Equal("Hello from A", Assert.Single(changes.Messages).Text);
        Assert.True(delay < Instant, $"The waiter on B answered {delay.TotalMilliseconds:F0} ms after the send on A.");
    }

    [Fact]
    public async Task Typing_on_one_instance_is_seen_on_the_other_at_once()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var site = await TwoInstances.StartAsync(DefaultRecheck, redis);

        var (changes, delay) = await site.WaitOnBWhileAsync(async () =>
        {
            using var response = await site.AnnaOnA.PostTypingAsync(TwoInstances.Conversation);
            response.EnsureSuccessStatusCode();
        });

        Assert.Equal("anna", Assert.Single(changes.Typing).UserId);
        Assert.True(delay < Instant, $"The waiter on B answered {delay.TotalMilliseconds:F0} ms after typing on A.");
        Assert.Equal("anna", Assert.Single((await site.BenOnB.GetChangesAsync(TwoInstances.Conversation)).Typing).UserId);
    }

    [Fact]
    public async Task A_read_marker_moved_on_one_instance_wakes_a_waiter_on_the_other_at_once()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var site = await TwoInstances.StartAsync(DefaultRecheck, redis);
        var sent = await site.AnnaOnA.SendMessageAsync(TwoInstances.Conversation, "Read me");

        var (changes, delay) = await site.WaitOnBWhileAsync(async () =>
        {
            using var response = await site.AnnaOnA.PostReadAsync(TwoInstances.Conversation, sent.Seq);
            response.EnsureSuccessStatusCode();
        });

        Assert.Contains(new ApiReadMarker("anna", sent.Seq), changes.ReadMarkers);
        Assert.True(delay < Instant, $"The waiter on B answered {delay.TotalMilliseconds:F0} ms after the read marker moved on A.");
    }

    [Fact]
    public async Task Chat_keeps_working_while_Redis_is_down_and_is_instant_again_when_it_returns()
    {
        var recheck = TimeSpan.FromSeconds(2);
        await using var redis = await RedisServer.StartAsync();
        await using var site = await TwoInstances.StartAsync(recheck, redis);

        await redis.StopAsync();
        var sendTime = Stopwatch.StartNew();
        var (changes, delay) = await site.WaitOnBWhileAsync(async () =>
        {
            await site.AnnaOnA.SendMessageAsync(TwoInstances.Conversation, "Redis is down");
            sendTime.Stop();
        });
        Assert.Equal("Redis is down", Assert.Single(changes.Messages).Text);
        Assert.True(sendTime.Elapsed < recheck, $"A send took {sendTime.Elapsed.TotalMilliseconds:F0} ms with Redis down.");
        Assert.True(delay < recheck * 2, $"With Redis down the waiter on B answered {delay.TotalMilliseconds:F0} ms after the send, beyond the re-check.");

        await redis.StartAgainAsync();
        // Both instances reconnect by themselves; keep sending until a wake-up is instant again.
        var reconnecting = Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            (changes, delay) = await site.WaitOnBWhileAsync(() => site.AnnaOnA.SendMessageAsync(TwoInstances.Conversation, $"Back {attempt}"));
            Assert.Equal($"Back {attempt}", Assert.Single(changes.Messages).Text);
            if (delay < Instant)
            {
                break;
            }

            Assert.True(reconnecting.Elapsed < TimeSpan.FromSeconds(30), "Wake-ups were not instant again within 30 s of Redis returning.");
        }
    }
}
