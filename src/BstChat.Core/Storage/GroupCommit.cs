namespace BstChat.Storage;

/// <summary>
/// Group commit for a store's writes: writes that arrive while a commit is in flight wait and
/// are handed to the next commit together, so a busy store commits once per batch instead of
/// once per write. One commit runs at a time; a write that finds nothing in flight starts one
/// at once, so a quiet store adds no delay.
/// </summary>
/// <remarks>
/// <para>A batch that fails is answered write by write: a <see cref="ChatStoreUnavailableException"/>
/// fails every write of the batch (the store is down for all of them), and any other failure
/// commits each write of the batch again alone, so one bad write fails only itself.</para>
/// <para>A write cancelled while it waits is dropped and never committed. One cancelled after its
/// batch was taken may still be committed: its caller only stops waiting.</para>
/// <para>Batching is per instance of this type, so several processes on one database each batch
/// their own writes; the committed statements must still be correct against each other.</para>
/// </remarks>
/// <typeparam name="TWrite">What a caller asks to write.</typeparam>
/// <typeparam name="TResult">What a committed write answers.</typeparam>
public sealed class GroupCommit<TWrite, TResult>
{
    private readonly Func<IReadOnlyList<TWrite>, CancellationToken, Task<IReadOnlyList<TResult>>> _commit;
    private readonly int _maxBatchSize;
    private readonly Lock _gate = new();
    private readonly Queue<PendingWrite> _pending = new();
    private bool _committing;

    /// <summary>Creates a group commit over a store's batch write.</summary>
    /// <param name="commit">
    /// Commits a batch in one transaction (or the store's nearest equivalent) and returns one
    /// result per write, in the batch's order. Writes of a batch are in the order they arrived.
    /// It is never called concurrently with itself, and its token is never cancelled: a batch,
    /// once taken, is committed or fails.
    /// </param>
    /// <param name="maxBatchSize">The most writes in one batch, at least 1.</param>
    public GroupCommit(Func<IReadOnlyList<TWrite>, CancellationToken, Task<IReadOnlyList<TResult>>> commit, int maxBatchSize)
    {
        ArgumentNullException.ThrowIfNull(commit);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        _commit = commit;
        _maxBatchSize = maxBatchSize;
    }

    /// <summary>Queues a write for the next commit and waits until it is committed.</summary>
    /// <param name="write">The write.</param>
    /// <param name="cancellationToken">Stops waiting; drops the write if no batch has taken it yet.</param>
    /// <returns>The write's result, once its batch has committed.</returns>
    public Task<TResult> SubmitAsync(TWrite write, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new PendingWrite(write);
        bool start;
        lock (_gate)
        {
            _pending.Enqueue(pending);
            start = !_committing;
            _committing = true;
        }

        if (start)
        {
            // Off the caller's thread: the loop may run long under load, and the caller's request
            // must not be the one that drives everybody else's commits.
            _ = Task.Run(CommitPendingAsync, CancellationToken.None);
        }

        return cancellationToken.CanBeCanceled ? WaitAsync(pending, cancellationToken) : pending.Completion.Task;
    }

    private static async Task<TResult> WaitAsync(PendingWrite pending, CancellationToken cancellationToken)
    {
        try
        {
            return await pending.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            pending.TryDrop();
            throw;
        }
    }

    private async Task CommitPendingAsync()
    {
        while (TakeBatch() is { } batch)
        {
            await CommitAsync(batch).ConfigureAwait(false);
        }
    }

    private List<PendingWrite>? TakeBatch()
    {
        lock (_gate)
        {
            List<PendingWrite>? batch = null;
            while (_pending.Count > 0 && (batch?.Count ?? 0) < _maxBatchSize)
            {
                var next = _pending.Dequeue();
                if (next.TryTake())
                {
                    (batch ??= []).Add(next);
                }
            }

            _committing = batch is not null;
            return batch;
        }
    }

    private async Task CommitAsync(List<PendingWrite> batch)
    {
        IReadOnlyList<TResult> results;
        try
        {
            results = await _commit([.. batch.Select(p => p.Write)], CancellationToken.None).ConfigureAwait(false);
            if (results.Count != batch.Count)
            {
                throw new InvalidOperationException($"A group commit of {batch.Count} writes returned {results.Count} results.");
            }
        }
        catch (Exception exception) when (batch.Count > 1 && exception is not ChatStoreUnavailableException)
        {
            // Something in the batch is wrong; find out which by committing each alone.
            foreach (var single in batch)
            {
                await CommitAsync([single]).ConfigureAwait(false);
            }

            return;
        }
        catch (Exception exception)
        {
            foreach (var pending in batch)
            {
                pending.Completion.TrySetException(exception);
            }

            return;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Completion.TrySetResult(results[i]);
        }
    }

    /// <summary>A write waiting for its batch: queued, then taken by a batch or dropped by its caller, once.</summary>
    private sealed class PendingWrite(TWrite write)
    {
        private const int Queued = 0;
        private const int Taken = 1;
        private const int Dropped = 2;
        private int _state;

        public TWrite Write { get; } = write;

        public TaskCompletionSource<TResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool TryTake() => Interlocked.CompareExchange(ref _state, Taken, Queued) == Queued;

        public void TryDrop() => Interlocked.CompareExchange(ref _state, Dropped, Queued);
    }
}
