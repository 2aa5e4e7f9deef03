using System.Collections.Concurrent;
using BstChat.Storage;
using Xunit;

namespace BstChat.Core.Tests;

public sealed class GroupCommitTests
{
    // Every batch the committer saw, in order; a batch waits for its gate when one is set.
    private readonly ConcurrentQueue<IReadOnlyList<int>> _batches = new();
    private readonly TaskCompletionSource _firstBatchTaken = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _releaseFirstBatch = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Func<IReadOnlyList<int>, Exception?> _failure = _ => null;

    [Fact]
    public async Task Writes_that_arrive_while_a_commit_is_in_flight_are_committed_together_in_arrival_order()
    {
        var commit = Create(maxBatchSize: 100);
        var (first, later) = await QueueBehindAHeldBatchAsync(commit, 5);

        Assert.Equal(0, await first);
        var results = await Task.WhenAll(later);
        Assert.Equal([10, 20, 30, 40, 50], results);
        Assert.Equal([[0], [1, 2, 3, 4, 5]], _batches.ToArray());
    }

    [Fact]
    public async Task A_batch_takes_at_most_the_largest_batch_size()
    {
        var commit = Create(maxBatchSize: 2);
        var (first, later) = await QueueBehindAHeldBatchAsync(commit, 5);
        await Task.WhenAll(later.Append(first));

        Assert.Equal([[0], [1, 2], [3, 4], [5]], _batches.ToArray());
    }

    [Fact]
    public async Task A_failing_batch_is_committed_again_write_by_write_so_only_the_bad_write_fails()
    {
        _failure = batch => batch.Contains(3) ? new InvalidOperationException("write 3 is bad") : null;
        var commit = Create(maxBatchSize: 100);
        var (first, later) = await QueueBehindAHeldBatchAsync(commit, 4);
        await first;

        Assert.Equal(10, await later[0]);
        Assert.Equal(20, await later[1]);
        var bad = await Assert.ThrowsAsync<InvalidOperationException>(() => later[2]);
        Assert.Equal("write 3 is bad", bad.Message);
        Assert.Equal(40, await later[3]);
        Assert.Equal([[0], [1, 2, 3, 4], [1], [2], [3], [4]], _batches.ToArray());
    }

    [Fact]
    public async Task An_unavailable_store_fails_every_write_of_the_batch_without_trying_each_alone()
    {
        _failure = batch => batch.Count > 1 ? new ChatStoreUnavailableException("down", new TimeoutException()) : null;
        var commit = Create(maxBatchSize: 100);
        var (first, later) = await QueueBehindAHeldBatchAsync(commit, 3);
        await first;

        foreach (var write in later)
        {
            await Assert.ThrowsAsync<ChatStoreUnavailableException>(() => write);
        }

        Assert.Equal([[0], [1, 2, 3]], _batches.ToArray());
    }

    [Fact]
    public async Task A_write_cancelled_while_it_waits_is_never_committed()
    {
        var commit = Create(maxBatchSize: 100);
        var first = commit.SubmitAsync(0, TestContext.Current.CancellationToken);
        await _firstBatchTaken.Task;
        using var cancel = new CancellationTokenSource();
        var cancelled = commit.SubmitAsync(1, cancel.Token);
        var kept = commit.SubmitAsync(2, TestContext.Current.CancellationToken);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        _releaseFirstBatch.SetResult();

        Assert.Equal(20, await kept);
        await first;
        Assert.Equal([[0], [2]], _batches.ToArray());
    }

    [Fact]
    public async Task A_write_cancelled_after_its_batch_was_taken_is_still_committed()
    {
        var commit = Create(maxBatchSize: 100);
        using var cancel = new CancellationTokenSource();
        var write = commit.SubmitAsync(7, cancel.Token);
        await _firstBatchTaken.Task;
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => write);
        _releaseFirstBatch.SetResult();

        // The next write's commit runs after the taken batch's: it has finished by then.
        Assert.Equal(80, await commit.SubmitAsync(8, TestContext.Current.CancellationToken));
        Assert.Equal([[7], [8]], _batches.ToArray());
    }

    [Fact]
    public async Task A_committer_that_answers_the_wrong_number_of_results_fails_the_write_instead_of_mismatching_answers()
    {
        var commit = new GroupCommit<int, int>((batch, _) => Task.FromResult<IReadOnlyList<int>>([]), maxBatchSize: 10);

        await Assert.ThrowsAsync<InvalidOperationException>(() => commit.SubmitAsync(1, TestContext.Current.CancellationToken));
    }

    /// <summary>Submits write 0, holds its batch open while writes 1..<paramref name="count"/> queue, then lets it commit.</summary>
    private async Task<(Task<int> First, List<Task<int>> Later)> QueueBehindAHeldBatchAsync(GroupCommit<int, int> commit, int count)
    {
        var first = commit.SubmitAsync(0, TestContext.Current.CancellationToken);
        await _firstBatchTaken.Task;
        var later = Enumerable.Range(1, count).Select(i => commit.SubmitAsync(i, TestContext.Current.CancellationToken)).ToList();
        _releaseFirstBatch.SetResult();
        return (first, later);
    }

    private GroupCommit<int, int> Create(int maxBatchSize) => new(
        async (batch, _) =>
        {
            _batches.Enqueue(batch);
            if (_firstBatchTaken.TrySetResult())
            {
                await _releaseFirstBatch.Task;
            }

            if (_failure(batch) is { } failure)
            {
                throw failure;
            }

            return [.. batch.Select(w => w * 10)];
        },
        maxBatchSize);
}
