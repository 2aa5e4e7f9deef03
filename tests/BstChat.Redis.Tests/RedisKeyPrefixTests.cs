using BstChat.Redis.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace BstChat.Redis.Tests;

/// <summary>Two sites on one redis-server, told apart by <see cref="RedisBackplaneOptions.KeyPrefix"/>: each has its own typing state and its own changes channel.</summary>
public sealed class RedisKeyPrefixTests
{
    private static readonly TimeSpan TypingTimeout = TimeSpan.FromMinutes(1);

    /// <summary>A hang guard only: deliveries through a local Redis take milliseconds.</summary>
    private static readonly TimeSpan Prompt = TimeSpan.FromMinutes(1);

    private static readonly TypingUser Anna = new("anna", "Anna");

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Typing_on_one_site_is_not_seen_by_another_site_on_the_same_Redis()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var lessonsA = await BackplaneNode.StartAsync(redis, TypingTimeout, "lessons:");
        await using var lessonsB = await BackplaneNode.StartAsync(redis, TypingTimeout, "lessons:");
        await using var staff = await BackplaneNode.StartAsync(redis, TypingTimeout, "staff:");
        await using var direct = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);

        await lessonsA.Typing.SetTypingAsync("lesson-1", Anna, Cancellation);

        Assert.Equal([Anna], (await lessonsB.Typing.GetTypingAsync("lesson-1", Cancellation)).Users);
        Assert.Empty((await staff.Typing.GetTypingAsync("lesson-1", Cancellation)).Users);
        Assert.False(await staff.Typing.ClearAsync("lesson-1", "anna", Cancellation));
        Assert.Equal([Anna], (await lessonsB.Typing.GetTypingAsync("lesson-1", Cancellation)).Users);
        Assert.True(await direct.GetDatabase().KeyExistsAsync("lessons:typing:lesson-1"));
        Assert.False(await direct.GetDatabase().KeyExistsAsync("staff:typing:lesson-1"));
        Assert.False(await direct.GetDatabase().KeyExistsAsync("bstchat:typing:lesson-1"));
    }

    [Fact]
    public async Task Each_site_notifies_on_its_own_channel_and_hears_only_that_one()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var lessonsA = await BackplaneNode.StartAsync(redis, TypingTimeout, "lessons:");
        await using var lessonsB = await BackplaneNode.StartAsync(redis, TypingTimeout, "lessons:");
        await using var staffA = await BackplaneNode.StartAsync(redis, TypingTimeout, "staff:");
        await using var staffB = await BackplaneNode.StartAsync(redis, TypingTimeout, "staff:");
        // Sees every channel, in the order Redis delivered to it.
        await using var direct = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var everything = await direct.GetSubscriber().SubscribeAsync(RedisChannel.Pattern("*"));

        using var onLessonsB = lessonsB.Notifier.Subscribe("lesson-1");
        await lessonsA.Notifier.NotifyAsync("lesson-1", Cancellation);
        Assert.True(await onLessonsB.WaitAsync(Prompt, Cancellation));
        using var onStaffB = staffB.Notifier.Subscribe("lesson-1");
        await staffA.Notifier.NotifyAsync("lesson-1", Cancellation);
        Assert.True(await onStaffB.WaitAsync(Prompt, Cancellation));

        var first = await everything.ReadAsync(Cancellation).AsTask().WaitAsync(Prompt, Cancellation);
        var second = await everything.ReadAsync(Cancellation).AsTask().WaitAsync(Prompt, Cancellation);
        Assert.Equal(["lessons:changes", "staff:changes"], new[] { first.Channel.ToString(), second.Channel.ToString() });
        Assert.EndsWith(" lesson-1", first.Message.ToString(), StringComparison.Ordinal);
        await everything.UnsubscribeAsync();
    }

    [Fact]
    public async Task An_empty_prefix_is_refused_when_the_backplane_is_first_used()
    {
        await using var redis = await RedisServer.StartAsync();
        var collection = new ServiceCollection().AddLogging();
        collection.AddBstChat().AddInMemoryStore().AddRedisBackplane(redis.PatientConnectionString, o => o.KeyPrefix = "");
        await using var services = collection.BuildServiceProvider();

        var refusal = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<BstChat.Typing.ITypingTracker>());

        Assert.Contains("KeyPrefix", refusal.Message, StringComparison.Ordinal);
    }
}
