using Xunit;

namespace BstChat.Backplane.Specification;

public abstract partial class ChatBackplaneSpecification
{
    /// <summary>How long the instances are given to find the transport again after it returns; a hang guard only.</summary>
    private static readonly TimeSpan Reconnect = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task While_the_transport_is_away_a_notify_still_wakes_its_own_instance_at_once()
    {
        SkipUnlessInterruptible();
        var (a, _) = await StartTwoInstancesAsync();
        var id = NewConversationId();
        await InterruptTransportAsync();
        using var onA = a.Notifier.Subscribe(id);

        await a.Notifier.NotifyAsync(id, Cancellation).AsTask().WaitAsync(HangGuard, Cancellation);

        Assert.True(onA.IsSignalled);
    }

    [Fact]
    public async Task While_the_transport_is_away_typing_is_each_instance_s_own_and_answers_at_once()
    {
        SkipUnlessInterruptible();
        var (a, b) = await StartTwoInstancesAsync();
        var id = NewConversationId();
        await InterruptTransportAsync();

        var calls = Task.Run(
            async () =>
            {
                await a.Typing.SetTypingAsync(id, Chloe, Cancellation);
                var onA = await a.Typing.GetTypingAsync(id, Cancellation);
                var onB = await b.Typing.GetTypingAsync(id, Cancellation);
                var clearedOnA = await a.Typing.ClearAsync(id, Chloe.UserId, Cancellation);
                return (onA, onB, clearedOnA);
            },
            Cancellation);
        var (onA, onB, clearedOnA) = await calls.WaitAsync(HangGuard, Cancellation);

        Assert.Equal([Chloe], onA.Users);
        Assert.Empty(onB.Users);
        Assert.True(clearedOnA);
    }

    [Fact]
    public async Task After_the_transport_returns_the_instances_hear_each_other_again()
    {
        SkipUnlessInterruptible();
        var (a, b) = await StartTwoInstancesAsync();
        var id = NewConversationId();
        await InterruptTransportAsync();
        await RestoreTransportAsync();

        // The instances find the transport again by themselves; notify until B hears A.
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        giveUp.CancelAfter(Reconnect);
        while (true)
        {
            using var onB = b.Notifier.Subscribe(id);
            await a.Notifier.NotifyAsync(id, Cancellation);
            using var retry = CancellationTokenSource.CreateLinkedTokenSource(giveUp.Token);
            retry.CancelAfter(TimeSpan.FromMilliseconds(500));
            try
            {
                Assert.True(await onB.WaitAsync(TypingTimeout, retry.Token));
                break;
            }
            catch (OperationCanceledException) when (!giveUp.IsCancellationRequested)
            {
                // Not yet: try again.
            }
        }

        await a.Typing.SetTypingAsync(id, Chloe, Cancellation);
        Assert.Equal([Chloe], (await b.Typing.GetTypingAsync(id, Cancellation)).Users);
    }
}
