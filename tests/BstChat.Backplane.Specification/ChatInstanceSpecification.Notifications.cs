using Xunit;

namespace BstChat.Backplane.Specification;

public abstract partial class ChatInstanceSpecification
{
    [Fact]
    public async Task A_notify_between_subscribe_and_wait_still_wakes_the_waiter()
    {
        var instance = await StartInstanceAsync();
        var id = NewConversationId();
        using var subscription = instance.Notifier.Subscribe(id);

        await instance.Notifier.NotifyAsync(id, Cancellation);

        Assert.True(subscription.IsSignalled);
        Assert.True(await Soon(subscription.WaitAsync(TypingTimeout, Cancellation)));
    }

    [Fact]
    public async Task A_notify_wakes_every_subscriber_of_that_conversation_and_no_other()
    {
        var instance = await StartInstanceAsync();
        var (id, otherId) = (NewConversationId(), NewConversationId());
        using var first = instance.Notifier.Subscribe(id);
        using var second = instance.Notifier.Subscribe(id);
        using var other = instance.Notifier.Subscribe(otherId);
        var waits = new[] { first.WaitAsync(TypingTimeout, Cancellation), second.WaitAsync(TypingTimeout, Cancellation) };

        await instance.Notifier.NotifyAsync(id, Cancellation);
        var woken = await Soon(Task.WhenAll(waits));

        Assert.Equal([true, true], woken);
        Assert.False(other.IsSignalled);
    }

    [Fact]
    public async Task A_notify_before_subscribing_does_not_count()
    {
        var instance = await StartInstanceAsync();
        var id = NewConversationId();
        await instance.Notifier.NotifyAsync(id, Cancellation);
        using var subscription = instance.Notifier.Subscribe(id);

        var wait = subscription.WaitAsync(TimeSpan.FromSeconds(5), Cancellation);
        var signalled = subscription.IsSignalled;
        Time.Advance(TimeSpan.FromSeconds(5));

        Assert.False(signalled);
        Assert.False(await Soon(wait));
    }

    [Fact]
    public async Task A_wait_times_out_by_the_time_provider()
    {
        var instance = await StartInstanceAsync();
        using var subscription = instance.Notifier.Subscribe(NewConversationId());

        var wait = subscription.WaitAsync(TimeSpan.FromSeconds(5), Cancellation);
        Time.Advance(TimeSpan.FromSeconds(4));
        var beforeTimeout = wait.IsCompleted;
        Time.Advance(TimeSpan.FromSeconds(1));

        Assert.False(beforeTimeout);
        Assert.False(await Soon(wait));
    }

    [Fact]
    public async Task Cancelling_a_wait_throws()
    {
        var instance = await StartInstanceAsync();
        using var subscription = instance.Notifier.Subscribe(NewConversationId());
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);

        var wait = subscription.WaitAsync(TypingTimeout, cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Soon(wait));
    }

    [Fact]
    public async Task A_subscription_taken_again_after_its_conversation_had_none_is_still_notified()
    {
        var instance = await StartInstanceAsync();
        var id = NewConversationId();
        instance.Notifier.Subscribe(id).Dispose();

        using var subscription = instance.Notifier.Subscribe(id);
        await instance.Notifier.NotifyAsync(id, Cancellation);

        Assert.True(await Soon(subscription.WaitAsync(TypingTimeout, Cancellation)));
    }
}
