using BstChat.Storage.EfCore.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BstChat.Storage.EfCore.Resilience;

/// <summary>
/// Runs each store operation on a context of its own, inside that context's execution strategy
/// (so a host's <c>EnableRetryOnFailure</c> keeps working with the store's transactions), retries
/// contention a few times with jitter, and turns an unreachable store into <see cref="ChatStoreUnavailableException"/>.
/// </summary>
/// <remarks>
/// A context per operation, from the host's <see cref="IDbContextFactory{TContext}"/>, is what lets
/// the store be a singleton: nothing is shared between calls, and a held long-poll holds no context.
/// </remarks>
internal sealed class StoreOperationRunner<TContext>(IDbContextFactory<TContext> contexts, TimeProvider timeProvider, ILogger logger)
    where TContext : DbContext
{
    private const int MaxAttempts = 4;
    private static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(20);

    /// <summary>Runs <paramref name="operation"/>, which must be safe to run again: each attempt starts from nothing.</summary>
    public async Task<T> RunAsync<T>(string name, Func<TContext, CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var strategy = db.Database.CreateExecutionStrategy();
        for (var attempt = 1; ; attempt++)
        {
            StoreFailureKind failure;
            try
            {
                return await strategy.ExecuteAsync(ct => operation(db, ct), cancellationToken);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested
                && (failure = StoreFailures.Classify(exception)) != StoreFailureKind.Other)
            {
                if (failure == StoreFailureKind.Contention && attempt < MaxAttempts)
                {
                    var delay = Jitter(attempt);
                    EfCoreStoreLog.RetryingAfterContention(logger, name, (int)delay.TotalMilliseconds, attempt, MaxAttempts, exception);
                    await Task.Delay(delay, timeProvider, cancellationToken);
                    continue;
                }

                EfCoreStoreLog.StoreUnavailable(logger, name, StoreFailures.Describe(exception), exception);
                // The message is the client's problem detail, so it names no server; the log above has the cause.
                throw new ChatStoreUnavailableException($"The chat store was unavailable during {name}.", exception);
            }
        }
    }

    /// <summary>Exponential back-off, randomized between half and all of it so that retrying writers spread out.</summary>
    private static TimeSpan Jitter(int attempt) =>
        BaseDelay * Math.Pow(2, attempt - 1) * (0.5 + (Random.Shared.NextDouble() / 2));
}
