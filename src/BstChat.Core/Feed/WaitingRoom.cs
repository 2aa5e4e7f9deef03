using System.Diagnostics.CodeAnalysis;

namespace BstChat.Feed;

/// <summary>
/// The requests held waiting on one conversation, and what they share: one notifier subscription,
/// taken before any of them joined, and one re-check of the conversation's head. The room is woken
/// once, by the first of a notification or a re-check that finds the head changed; every waiter
/// in it then reads again, and those that still wait join a new room.
/// </summary>
/// <remarks>
/// <para>Subscribe-before-read holds for each waiter: it joins the room (whose subscription is
/// older than the join) before its read, so any change notified after its read wakes the room
/// and it.</para>
/// <para>The re-check replaces one re-read per waiter per <see cref="BstChatOptions.RecheckInterval"/>
/// with one per conversation: it reads the head (through the shared read) when the first head a
/// waiter answered from goes stale, and wakes the room when the head's version differs from the one
/// every waiter was answered from, or when they were not all answered from the same one. So a change
/// that notifies nobody here (another instance without a backplane, a typing entry expiring) is seen
/// as soon as before: at the first re-check after it, plus one read.</para>
/// </remarks>
[SuppressMessage("Design", "CA1001", Justification = "Every room is closed, emptied or woken, and Close disposes what it owns.")]
internal sealed class WaitingRoom
{
    /// <summary>
    /// The shortest time to the next re-check. A typing entry may have expired by the time it was
    /// read, or a shared typing tracker on another clock may show it a little longer: either way the
    /// re-check must not spin.
    /// </summary>
    internal static readonly TimeSpan MinimumRecheckDelay = TimeSpan.FromMilliseconds(50);

    private readonly WaitingRooms _owner;
    private readonly IChatSubscription _subscription;
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _closing = new();
    private readonly CancellationToken _closingToken;
    private Waiter? _first;
    private int _count;
    private HeadVersion? _version;
    private bool _mixed;
    private DateTimeOffset _recheckAt = DateTimeOffset.MaxValue;
    private ITimer? _recheck;
    private bool _closed;

    public WaitingRoom(WaitingRooms owner, string conversationId, IChatSubscription subscription)
    {
        _owner = owner;
        ConversationId = conversationId;
        _subscription = subscription;
        // Taken now: it stays usable (and cancelled) once the source is disposed.
        _closingToken = _closing.Token;
    }

    public string ConversationId { get; }

    /// <summary>Starts listening for the notification that wakes the room.</summary>
    public void Open() => _ = WatchAsync();

    /// <summary>Adds a waiter (or a seat of <paramref name="seatOf"/>), before its read; <see langword="null"/> when the room has already been woken or emptied.</summary>
    public Waiter? TryJoin(Waiter? seatOf = null)
    {
        lock (_lock)
        {
            if (_closed)
            {
                return null;
            }

            var waiter = new Waiter(this, seatOf) { Next = _first };
            if (_first is not null)
            {
                _first.Previous = waiter;
            }

            _first = waiter;
            _count++;
            return waiter;
        }
    }

    /// <summary>A waiter's read found nothing new: it waits on <paramref name="version"/>, to be re-checked by <paramref name="validUntil"/>.</summary>
    public void Expect(HeadVersion version, DateTimeOffset validUntil)
    {
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }

            _mixed |= _version is { } expected && expected != version;
            _version = version;
            if (validUntil < _recheckAt)
            {
                _recheckAt = validUntil;
                var dueIn = validUntil - _owner.TimeProvider.GetUtcNow();
                dueIn = dueIn < MinimumRecheckDelay ? MinimumRecheckDelay : dueIn;
                if (_recheck is null)
                {
                    _recheck = _owner.TimeProvider.CreateTimer(static r => ((WaitingRoom)r!).RecheckDue(), this, dueIn, Timeout.InfiniteTimeSpan);
                }
                else
                {
                    _recheck.Change(dueIn, Timeout.InfiniteTimeSpan);
                }
            }
        }
    }

    /// <summary>A waiter leaves (answered, cancelled or woken); the last one out closes the room.</summary>
    public void Leave(Waiter waiter)
    {
        lock (_lock)
        {
            // Once woken the room's list is no longer changed: the wake walks it.
            if (_closed)
            {
                return;
            }

            if (waiter.Previous is { } previous)
            {
                previous.Next = waiter.Next;
            }
            else
            {
                _first = waiter.Next;
            }

            if (waiter.Next is { } next)
            {
                next.Previous = waiter.Previous;
            }

            waiter.Previous = waiter.Next = null;
            if (--_count > 0)
            {
                return;
            }

            _closed = true;
        }

        Close();
    }

    /// <summary>Ends every waiter's wait with <paramref name="reason"/> and closes the room; once.</summary>
    public void Wake(WaitEnd reason)
    {
        Waiter? waiter;
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            waiter = _first;
        }

        Close();
        for (; waiter is not null; waiter = waiter.Next)
        {
            waiter.End(reason);
        }
    }

    private void Close()
    {
        _owner.Remove(this);
        _recheck?.Dispose();
        _closing.Cancel();
        _closing.Dispose();
        _subscription.Dispose();
    }

    private async Task WatchAsync()
    {
        try
        {
            // A finite timeout, re-armed, as any notifier's contract allows; the room ends long before, usually.
            while (!await _subscription.WaitAsync(_owner.MaxWait, _closingToken))
            {
            }
        }
        catch (OperationCanceledException)
        {
            // Closed: every waiter has left, or the room was woken otherwise.
            return;
        }

        Wake(WaitEnd.Changed);
    }

    private void RecheckDue() => _ = RecheckAsync();

    private async Task RecheckAsync()
    {
        HeadVersion? expected;
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }

            expected = _mixed ? null : _version;
            _recheckAt = DateTimeOffset.MaxValue;
        }

        ConversationHead? head;
        try
        {
            head = await _owner.ReadHeadAsync(ConversationId);
        }
        catch (Exception)
        {
            // The store failed: let every waiter read for itself and answer its own error.
            Wake(WaitEnd.Changed);
            return;
        }

        if (head is null || expected is null || head.Version != expected)
        {
            Wake(WaitEnd.Changed);
            return;
        }

        // Unchanged: every waiter's answer still holds; look again when this head goes stale.
        Expect(head.Version, head.ValidUntil);
    }
}
