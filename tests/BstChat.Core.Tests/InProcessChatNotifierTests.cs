using BstChat.Feed;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace BstChat.Core.Tests;

public sealed class InProcessChatNotifierTests
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);

    private readonly FakeTimeProvider _time = new();
    private readonly InProcessChatNotifier _notifier;

    public InProcessChatNotifierTests()
    {
        _notifier = new InProcessChatNotifier(_time);
    }

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_notify_between_subscribe_and_wait_still_wakes_the_waiter()
    {
        using var subscription = _notifier.Subscribe("c1");

        await _notifier.NotifyAsync("c1", Cancellation);

        Assert.True(await subscription.WaitAsync(Long, Cancellation));
    }

    [Fact]
    public async Task A_notify_during_the_wait_wakes_every_subscriber_of_that_conversation_only()
    {
        using var first = _notifier.Subscribe("c1");
        using var second = _notifier.Subscribe("c1");
        using var other = _notifier.Subscribe("c2");
        var waits = new[] { first.WaitAsync(Long, Cancellation), second.WaitAsync(Long, Cancellation) };
        var otherWait = other.WaitAsync(Long, Cancellation);

        await _notifier.NotifyAsync("c1", Cancellation);
        var woken = await Task.WhenAll(waits).WaitAsync(TimeSpan.FromSeconds(10), Cancellation);

        Assert.Equal([true, true], woken);
        Assert.False(otherWait.IsCompleted);
    }

    [Fact]
    public async Task A_notify_before_subscribing_does_not_count()
    {
        await _notifier.NotifyAsync("c1", Cancellation);
        using var subscription = _notifier.Subscribe("c1");

        var wait = subscription.WaitAsync(TimeSpan.FromSeconds(5), Cancellation);

        Assert.False(wait.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.False(await wait.WaitAsync(TimeSpan.FromSeconds(10), Cancellation));
    }

    [Fact]
    public async Task The_wait_times_out_by_the_time_provider()
    {
        using var subscription = _notifier.Subscribe("c1");

        var wait = subscription.WaitAsync(TimeSpan.FromSeconds(5), Cancellation);
        _time.Advance(TimeSpan.FromSeconds(4));
        var beforeTimeout = wait.IsCompleted;
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.False(beforeTimeout);
        Assert.False(await wait.WaitAsync(TimeSpan.FromSeconds(10), Cancellation));
    }

    [Fact]
    public async Task Cancelling_the_wait_throws()
    {
        using var subscription = _notifier.Subscribe("c1");
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);

        var wait = subscription.WaitAsync(Long, cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(TimeSpan.FromSeconds(10), Cancellation));
    }

    [Fact]
    public async Task An_already_cancelled_wait_throws_even_when_notified()
    {
        using var subscription = _notifier.Subscribe("c1");
        await _notifier.NotifyAsync("c1", Cancellation);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => subscription.WaitAsync(Long, new CancellationToken(canceled: true)));
    }

    [Fact]
    public void Slots_are_held_while_subscribed_and_released_after_the_last_dispose()
    {
        var first = _notifier.Subscribe("c1");
        var second = _notifier.Subscribe("c1");
        var other = _notifier.Subscribe("c2");
        Assert.Equal(2, _notifier.ActiveConversations);

        first.Dispose();
        first.Dispose();
        Assert.Equal(2, _notifier.ActiveConversations);

        second.Dispose();
        Assert.Equal(1, _notifier.ActiveConversations);

        other.Dispose();
        Assert.Equal(0, _notifier.ActiveConversations);
    }

    [Fact]
    public async Task A_subscription_after_the_slot_was_released_is_still_notified()
    {
        _notifier.Subscribe("c1").Dispose();

        using var subscription = _notifier.Subscribe("c1");
        await _notifier.NotifyAsync("c1", Cancellation);

        Assert.True(await subscription.WaitAsync(Long, Cancellation));
        Assert.Equal(1, _notifier.ActiveConversations);
    }

    [Fact]
    public async Task Notifying_a_conversation_nobody_waits_on_holds_nothing()
    {
        await _notifier.NotifyAsync("c1", Cancellation);

        Assert.Equal(0, _notifier.ActiveConversations);
    }
}
