using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BstChat.Storage.EfCore.Tests.Infrastructure;

/// <summary>
/// Holds the first commit of a store's contexts open until released, so a test knows a commit is
/// in flight; counts the commits that went through and says when a transaction is first begun.
/// </summary>
public sealed class CommitGate : DbTransactionInterceptor
{
    private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _begun = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _hold = 1;
    private int _commits;

    /// <summary>Completes when the first commit is about to run (and is being held).</summary>
    public Task FirstCommitHeld => _held.Task;

    /// <summary>Completes when a transaction is first begun.</summary>
    public Task FirstTransactionBegun => _begun.Task;

    /// <summary>How many commits have completed.</summary>
    public int Commits => Volatile.Read(ref _commits);

    /// <summary>Lets the held commit (and every later one) run.</summary>
    public void Release() => _release.TrySetResult();

    public override ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        _begun.TrySetResult();
        return ValueTask.FromResult(result);
    }

    public override async ValueTask<InterceptionResult> TransactionCommittingAsync(
        DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _hold, 0) == 1)
        {
            _held.TrySetResult();
            await _release.Task;
        }

        return result;
    }

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _commits);
        return Task.CompletedTask;
    }
}
