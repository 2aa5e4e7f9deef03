using System.Collections.Concurrent;

namespace BstChat.Feed;

/// <summary>
/// The default notifier: wakes readers waiting in this process. Holds one signal per
/// conversation that has readers waiting, and nothing for conversations without.
/// </summary>
internal sealed class InProcessChatNotifier(TimeProvider timeProvider) : IChatNotifier
{
    private readonly ConcurrentDictionary<string, Slot> _slots = new(StringComparer.Ordinal);

    /// <summary>The number of conversations with at least one waiting reader.</summary>
    internal int ActiveConversations => _slots.Count;

    public IChatSubscription Subscribe(string conversationId)
    {
        while (true)
        {
            var slot = _slots.GetOrAdd(conversationId, static _ => new Slot());
            lock (slot)
            {
                // A slot retired by its last subscriber is on its way out of the map: take a new one.
                if (slot.Retired)
                {
                    continue;
                }

                slot.Subscribers++;
                return new Subscription(this, conversationId, slot, slot.Signal.Task, timeProvider);
            }
        }
    }

    public ValueTask NotifyAsync(string conversationId, CancellationToken cancellationToken)
    {
        if (_slots.TryGetValue(conversationId, out var slot))
        {
            TaskCompletionSource fired;
            lock (slot)
            {
                fired = slot.Signal;
                slot.Signal = NewSignal();
            }

            fired.TrySetResult();
        }

        return ValueTask.CompletedTask;
    }

    private void Release(string conversationId, Slot slot)
    {
        lock (slot)
        {
            if (--slot.Subscribers > 0)
            {
                return;
            }

            slot.Retired = true;
            _slots.TryRemove(new KeyValuePair<string, Slot>(conversationId, slot));
        }
    }

    // Continuations run off the notifying thread, so a send never runs waiting readers inline.
    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class Slot
    {
        public TaskCompletionSource Signal { get; set; } = NewSignal();

        public int Subscribers { get; set; }

        public bool Retired { get; set; }
    }

    private sealed class Subscription(
        InProcessChatNotifier owner, string conversationId, Slot slot, Task signal, TimeProvider timeProvider)
        : IChatSubscription
    {
        private int _disposed;

        public bool IsSignalled => signal.IsCompleted;

        public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (signal.IsCompleted)
            {
                return true;
            }

            using var stopTimer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var timer = Task.Delay(timeout, timeProvider, stopTimer.Token);
            var first = await Task.WhenAny(signal, timer);
            await stopTimer.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
            return first == signal;
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Release(conversationId, slot);
            }
        }
    }
}
