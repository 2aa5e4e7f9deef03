using System.Threading.Tasks.Sources;

namespace BstChat.Feed;

/// <summary>
/// One held change-feed request in its conversation's <see cref="WaitingRoom"/>. It costs one
/// small object, one timer (its deadline) and one cancellation registration (the client leaving):
/// the notification and the re-check are the room's, shared by every waiter in it. It is its own
/// awaitable (no task behind it), awaited once.
/// </summary>
/// <remarks>
/// A request that waits on several rooms at once (the user feed: one per conversation, and the
/// user's own for membership) takes one waiter that is awaited and a <em>seat</em> in each other
/// room: a seat costs only its place in the room's list, and whatever wakes its room ends the
/// waiter it belongs to.
/// </remarks>
internal sealed class Waiter : IValueTaskSource<WaitEnd>, IDisposable
{
    // Continuations run off the thread that ends the wait: a send or a timer never runs a woken request inline.
    private ManualResetValueTaskSourceCore<WaitEnd> _ended = new() { RunContinuationsAsynchronously = true };
    private int _hasEnded;
    private ITimer? _deadline;
    private CancellationTokenRegistration _clientGone;
    private readonly Waiter? _seatOf;

    public Waiter(WaitingRoom room, Waiter? seatOf = null)
    {
        Room = room;
        _seatOf = seatOf;
    }

    public WaitingRoom Room { get; }

    /// <summary>The room's list of waiters, guarded by the room's lock.</summary>
    internal Waiter? Previous { get; set; }

    /// <inheritdoc cref="Previous"/>
    internal Waiter? Next { get; set; }

    /// <summary>
    /// Waits for the room to be woken (a notification since the waiter joined, or a re-check finding
    /// a version other than <paramref name="version"/>), the deadline, shutdown or the client leaving.
    /// </summary>
    /// <param name="version">The version of the head this waiter's answer came from; <see langword="null"/> in a room nothing re-checks.</param>
    /// <param name="validUntil">When that head must be re-checked.</param>
    /// <param name="deadline">When the request answers with what there is.</param>
    /// <param name="timeProvider">The clock for the deadline.</param>
    /// <param name="cancellationToken">The client's; cancelled when it goes away.</param>
    public ValueTask<WaitEnd> WaitAsync(HeadVersion? version, DateTimeOffset validUntil, DateTimeOffset deadline, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var dueIn = deadline - timeProvider.GetUtcNow();
        if (dueIn <= TimeSpan.Zero)
        {
            End(WaitEnd.Deadline);
            return new ValueTask<WaitEnd>(this, _ended.Version);
        }

        _deadline = timeProvider.CreateTimer(static w => ((Waiter)w!).End(WaitEnd.Deadline), this, dueIn, Timeout.InfiniteTimeSpan);
        _clientGone = cancellationToken.UnsafeRegister(static w => ((Waiter)w!).End(WaitEnd.Cancelled), this);
        if (version is { } read)
        {
            Room.Expect(read, validUntil);
        }

        return new ValueTask<WaitEnd>(this, _ended.Version);
    }

    /// <summary>A seat's read found nothing new: its room re-checks <paramref name="version"/> by <paramref name="validUntil"/>.</summary>
    public void Expect(HeadVersion version, DateTimeOffset validUntil) => Room.Expect(version, validUntil);

    /// <summary>Ends the wait (of the waiter this is a seat of), once: the first reason wins.</summary>
    public void End(WaitEnd reason)
    {
        if (_seatOf is not null)
        {
            _seatOf.End(reason);
            return;
        }

        if (Interlocked.Exchange(ref _hasEnded, 1) == 0)
        {
            _ended.SetResult(reason);
        }
    }

    WaitEnd IValueTaskSource<WaitEnd>.GetResult(short token) => _ended.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<WaitEnd>.GetStatus(short token) => _ended.GetStatus(token);

    void IValueTaskSource<WaitEnd>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _ended.OnCompleted(continuation, state, token, flags);

    /// <summary>Leaves the room and stops the timer and the registration; nothing of the wait stays behind.</summary>
    public void Dispose()
    {
        _deadline?.Dispose();
        _clientGone.Dispose();
        Room.Leave(this);
    }
}
