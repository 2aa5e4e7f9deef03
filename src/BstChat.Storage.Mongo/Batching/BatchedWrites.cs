using System.Runtime.ExceptionServices;
using BstChat.Storage.Mongo.Documents;
using BstChat.Storage.Mongo.Writes;

namespace BstChat.Storage.Mongo.Batching;

/// <summary>
/// The store's writes, group-committed: sends, edits and deletes that arrive while a batch is
/// being committed join the next one (<see cref="GroupCommit{TWrite, TResult}"/>), so a busy
/// store pays the claim protocol's round trips once per batch. A write the batch leaves to the
/// protocol's own loop (it must wait for another writer's claim) runs alone afterwards, in
/// <see cref="SendWriter"/> or <see cref="UpdateWriter"/>. Batching is per process; between
/// processes the claim protocol keeps every write correct, batched or not.
/// </summary>
internal sealed class BatchedWrites
{
    /// <summary>
    /// The most writes in one batch: enough to take a busy conversation's load in one round trip
    /// per step, and far below the 1,000 gaps a reader scans at a time, should a batch's writer die.
    /// </summary>
    public const int MaxBatchSize = 128;

    private readonly GroupCommit<StoreWrite, WriteOutcome> _batches;
    private readonly SendWriter _sends;
    private readonly UpdateWriter _updates;
    private int _waiting;

    public BatchedWrites(BatchCommitter committer, SendWriter sends, UpdateWriter updates)
    {
        _batches = new GroupCommit<StoreWrite, WriteOutcome>(committer.CommitAsync, MaxBatchSize);
        _sends = sends;
        _updates = updates;
    }

    /// <summary>How many writes have been handed to a batch and not yet answered, the one being committed included.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <returns>The stored message and whether this call created it; <see langword="null"/> when the conversation does not exist.</returns>
    public async Task<AppendResult?> SendAsync(NewMessage message, CancellationToken cancellationToken)
    {
        var outcome = await SubmitAsync(StoreWrite.ForSend(message), cancellationToken);
        return outcome is WriteOutcome.Sent sent ? sent.Result : await _sends.AppendAsync(message, cancellationToken);
    }

    /// <returns>The message after the call, or <see langword="null"/> when there is no such message.</returns>
    public async Task<MessageDocument?> UpdateAsync(MessageUpdate update, CancellationToken cancellationToken)
    {
        var outcome = await SubmitAsync(StoreWrite.ForChange(update), cancellationToken);
        return outcome is WriteOutcome.Changed changed ? changed.Message : await _updates.UpdateAsync(update, cancellationToken);
    }

    /// <summary>The write's answer from its batch: a value, or <see cref="WriteOutcome.RunAlone"/>; a failure is thrown.</summary>
    private async Task<WriteOutcome> SubmitAsync(StoreWrite write, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _waiting);
        WriteOutcome outcome;
        try
        {
            outcome = await _batches.SubmitAsync(write, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }

        if (outcome is WriteOutcome.Failed failed)
        {
            // One failure may answer several writes of a batch: each caller gets it with the batch's stack.
            ExceptionDispatchInfo.Throw(failed.Error);
        }

        return outcome;
    }
}
