using BstChat.AspNetCore.Tests.Infrastructure;
using BstChat.Redis.Tests.Infrastructure;

namespace BstChat.Redis.Tests;

/// <summary>Two sample processes over one PostgreSQL database and no backplane: the store re-check alone carries changes.</summary>
public sealed class TwoInstancesWithoutRedisTests
{
    [Fact]
    public async Task A_message_sent_on_one_instance_reaches_a_waiter_on_the_other_within_the_recheck()
    {
        var recheck = TimeSpan.FromSeconds(2);
        await using var site = await TwoInstances.StartAsync(recheck, redis: null);

        var (changes, delay) = await site.WaitOnBWhileAsync(() => site.AnnaOnA.SendMessageAsync(TwoInstances.Conversation, "No backplane"));

        Assert.Equal("No backplane", Assert.Single(changes.Messages).Text);
        Assert.True(delay < recheck * 2, $"The waiter on B answered {delay.TotalMilliseconds:F0} ms after the send on A.");
    }
}
