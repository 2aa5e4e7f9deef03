using BstChat.AspNetCore.Tests.Infrastructure;
using BstChat.Redis.Tests.Infrastructure;

namespace BstChat.Redis.Tests;

/// <summary>Two sample processes over one PostgreSQL database and no backplane: the store re-check alone carries changes.</summary>
public sealed class TwoInstancesWithoutRedisTests
{
    [Fact]
    public async Task A_message_sent_on_one_instance_reaches_a_waiter_on_the_other_at_the_recheck()
    {
        await using var site = await TwoInstances.StartAsync(TimeSpan.FromSeconds(2), redis: null);

        // Nothing notifies B: only its re-check can answer the minutes-long wait with the message.
        var changes = await site.WaitOnBWhileAsync(() => site.AnnaOnA.SendMessageAsync(TwoInstances.Conversation, "No backplane"));

        Assert.Equal("No backplane", Assert.Single(changes.Messages).Text);
    }
}
