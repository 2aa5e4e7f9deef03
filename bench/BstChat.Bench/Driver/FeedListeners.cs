namespace BstChat.Bench.Driver;

/// <summary>
/// Receivers on BstChat's change feed: interval polling (<c>wait=0</c> every
/// <see cref="_interval"/>) or long-polling (no interval: <c>wait=25</c> back to back), on each
/// member's conversation or, with <paramref name="userFeed"/>, on the member's user feed
/// (<c>GET /chat/changes</c>, every conversation of theirs in one request).
/// </summary>
internal sealed class FeedListeners(BenchHttp http, TimeSpan? interval, bool userFeed = false) : IListeners
{
    private const int LongPollSeconds = 25;

    // Opening thousands of connections at once overflows the listen backlog; ramp up instead.
    private readonly SemaphoreSlim _connecting = new(100);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private int _errors;

    public int Errors => Volatile.Read(ref _errors);

    public async Task StartAsync(IReadOnlyList<(string Room, string User)> members, LatencyRecorder recorder, CancellationToken cancellationToken)
    {
        var ready = members.Select(m => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        for (var i = 0; i < members.Count; i++)
        {
            _loops.Add(ListenAsync(members[i].Room, members[i].User, recorder, ready[i], _stop.Token));
        }

        await Task.WhenAll(ready.Select(r => r.Task)).WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
        _stop.Dispose();
        _connecting.Dispose();
    }

    private async Task ListenAsync(string room, string user, LatencyRecorder recorder, TaskCompletionSource ready, CancellationToken cancellationToken)
    {
        try
        {
            string cursor;
            await _connecting.WaitAsync(cancellationToken);
            try
            {
                cursor = (await ReadAsync(room, user, cursor: null, 0, cancellationToken)).Cursor;
            }
            finally
            {
                _connecting.Release();
            }

            ready.SetResult();
            // Random phase, so a short measurement window sees the steady state rather than
            // every client in lock-step: a poll somewhere in the interval, a first wait of 1-25 s.
            var firstWait = Random.Shared.Next(1, LongPollSeconds + 1);
            if (interval is { } first)
            {
                await Task.Delay(first * Random.Shared.NextDouble(), cancellationToken);
            }

            while (!cancellationToken.IsCancellationRequested)
            {
                var wait = interval is null ? firstWait : 0;
                firstWait = LongPollSeconds;
                try
                {
                    var changes = await ReadAsync(room, user, cursor, wait, cancellationToken);
                    foreach (var message in changes.Messages)
                    {
                        recorder.Record(message.Text);
                    }

                    cursor = changes.Cursor;
                    if (!changes.HasMore && interval is { } pause)
                    {
                        await Task.Delay(pause, cancellationToken);
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref _errors);
                    await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            ready.TrySetCanceled(cancellationToken);
        }
    }

    private Task<ChangesDto> ReadAsync(string room, string user, string? cursor, int wait, CancellationToken cancellationToken) =>
        userFeed ? http.GetUserChangesAsync(user, cursor, wait, cancellationToken) : http.GetChangesAsync(room, user, cursor, wait, cancellationToken);
}
