using BstChat.AspNetCore.Tests.Infrastructure;
using BstChat.Redis.Tests.Infrastructure;

namespace BstChat.Redis.Tests;

/// <summary>
/// Two sample processes over one PostgreSQL database with the Redis backplane: a change on one
/// instance wakes readers waiting on the other. The re-check is set minutes away
/// (<see cref="TwoInstances.NoRecheck"/>), so a waiter that answers with the change was woken through Redis.
/// </summary>
public sealed class TwoInstancesWithRedisTests
{
    [Fact]
    public async Task A_message_sent_on_one_instance_wakes_a_waiter_on_the_other()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var site = await TwoInstances.StartAsync(TwoInstances.NoRecheck, redis);

        var changes = await site.WaitOnBWhileAsync(() => site.AnnaOnA.SendMessageAsync(TwoInstances.Conversation, "Hello from A"));

        Assert.Equal("Hello from A", Assert.Single(changes.Messages).Text);
    }

    [Fact]
    public async Task Typing_on_one_instance_is_seen_on_the_other()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var site = await TwoInstances.StartAsync(TwoInstances.NoRecheck, redis);

        var changes = await site.WaitOnBWhileAsync(async () =>
        {
            using var response = await site.AnnaOnA.PostTypingAsync(TwoInstances.Conversation);
            response.EnsureSuccessStatusCode();
        });

        Assert.Equal("anna", Assert.Single(changes.Typing).UserId);
        Assert.Equal("anna", Assert.Single((await site.BenOnB.GetChangesAsync(TwoInstances.Conversation)).Typing).UserId);
    }

    [Fact]
    public async Task A_read_marker_moved_on_one_instance_wakes_a_waiter_on_the_other()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var site = await TwoInstances.StartAsync(TwoInstances.NoRecheck, redis);
        var sent = await site.AnnaOnA.SendMessageAsync(TwoInstances.Conversation, "Read me");

        var changes = await site.WaitOnBWhileAsync(async () =>
        {
            using var response = await site.AnnaOnA.PostReadAsync(TwoInstances.Conversation, sent.Seq);
            response.EnsureSuccessStatusCode();
        });

        Assert.Contains(new ApiReadMarker("anna", sent.Seq), changes.ReadMarkers);
    }

    [Fact]
    public async Task Chat_keeps_working_through_the_recheck_while_Redis_is_down()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var site = await TwoInstances.StartAsync(TimeSpan.FromSeconds(2), redis);
        await redis.StopAsync();

        // The send fails fast past Redis (one that waited on it would wait minutes, beyond
        // TwoInstances.Answered), and the waiter on B gets the message at its re-check.
        var changes = await site.WaitOnBWhileAsync(() => site.AnnaOnA.SendMessageAsync(TwoInstances.Conversation, "Redis is down"));

        Assert.Equal("Redis is down", Assert.Single(changes.Messages).Text);
    }

    [Fact]
    public async Task Wake_ups_cross_instances_again_once_Redis_returns()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var site = await TwoInstances.StartAsync(TwoInstances.NoRecheck, redis);
        await redis.StopAsync();
        await redis.StartAgainAsync();

        // Both instances reconnect by themselves. Until they have, a send wakes nobody on B and its
        // short wait answers empty; keep sending until one wakes it. A hang guard bounds the tries.
        var reconnected = TimeSpan.FromMinutes(2);
        using var giveUp = new CancellationTokenSource(reconnected);
        for (var attempt = 1; ; attempt++)
        {
            var text = $"Back {attempt}";
            var changes = await site.WaitOnBWhileAsync(() => site.AnnaOnA.SendMessageAsync(TwoInstances.Conversation, text), waitSeconds: 5);
            if (changes.Messages.Any(m => m.Text == text))
            {
                break;
            }

            Assert.False(giveUp.IsCancellationRequested, $"No wake-up crossed the instances within {reconnected.TotalMinutes} min of Redis returning.");
        }
    }
}
