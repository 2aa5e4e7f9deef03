using System.Collections.Concurrent;
using System.Diagnostics;

namespace BstChat.Bench.Driver;

/// <summary>
/// The soak's mixed traffic, running until disposed. Every member of every room is a client that
/// connects as a page would (inbox, a history page, the current cursor), long-polls, sometimes
/// moves its read marker, and after a random session leaves mid-wait (the request is aborted)
/// and comes back. Beside them, at fixed total rates: typing then a message, typing alone (left
/// to expire), edits and deletes of recent messages by their authors.
/// </summary>
internal sealed class SoakTraffic : IAsyncDisposable
{
    private const int LongPollSeconds = 25;
    private const int MaxActionsInFlight = 64;
    private const int RecentMessagesKept = 500;

    private readonly BenchHttp _http;
    private readonly SoakSizes _sizes;
    private readonly string _prefix;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private readonly SemaphoreSlim _actionSlots = new(MaxActionsInFlight);
    private readonly ConcurrentQueue<SentMessage> _recent = new();
    private readonly ConcurrentDictionary<string, long> _done = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _failed = new(StringComparer.Ordinal);

    public SoakTraffic(BenchHttp http, SoakSizes sizes, string prefix)
    {
        _http = http;
        _sizes = sizes;
        _prefix = prefix;
    }

    /// <summary>Operations done, by kind.</summary>
    public IReadOnlyDictionary<string, long> Done => _done;

    /// <summary>Operations the server refused or the transport failed, by kind.</summary>
    public IReadOnlyDictionary<string, long> Failed => _failed;

    public void Start()
    {
        for (var room = 0; room < _sizes.Rooms; room++)
        {
            for (var member = 0; member < _sizes.MembersPerRoom; member++)
            {
                var (conversation, user) = Member(room, member);
                _loops.Add(Task.Run(() => ClientAsync(conversation, user, _stop.Token)));
            }
        }

        _loops.Add(Task.Run(() => ActionsAsync(_stop.Token)));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
        // Actions in flight end promptly once cancelled; give them a moment.
        var deadline = Stopwatch.GetTimestamp() + 10 * Stopwatch.Frequency;
        while (_actionSlots.CurrentCount < MaxActionsInFlight && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(50);
        }

        _stop.Dispose();
    }

    private async Task ClientAsync(string conversation, string user, CancellationToken stop)
    {
        try
        {
            // Spread the first connections over a few seconds.
            await Task.Delay(TimeSpan.FromSeconds(5 * Random.Shared.NextDouble()), stop);
            while (!stop.IsCancellationRequested)
            {
                await SessionAsync(conversation, user, stop);
                // Away a moment before coming back.
                await Task.Delay(TimeSpan.FromSeconds(2 * Random.Shared.NextDouble()), stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Done.
        }
    }

    /// <summary>One connection of a client: from page load to leaving (or the first failure).</summary>
    private async Task SessionAsync(string conversation, string user, CancellationToken stop)
    {
        using var session = CancellationTokenSource.CreateLinkedTokenSource(stop);
        session.CancelAfter(SessionLength());
        try
        {
            Count("inbox", await _http.InboxAsync(user, session.Token));
            Count("history", await _http.HistoryAsync(conversation, user, session.Token));
            var cursor = (await _http.ChangesAsync(conversation, user, cursor: null, 0, session.Token))?.Cursor;
            Count("connect", cursor is not null);
            while (cursor is not null)
            {
                var changes = await _http.ChangesAsync(conversation, user, cursor, LongPollSeconds, session.Token);
                Count("long-poll", changes is not null);
                cursor = changes?.Cursor;
                if (changes is { Messages.Count: > 0 } && Random.Shared.NextDouble() < _sizes.ReadMarkerChance)
                {
                    Count("read marker", await _http.MarkReadAsync(conversation, user, changes.Messages.Max(m => m.Seq), session.Token));
                }
            }
        }
        catch (OperationCanceledException) when (session.IsCancellationRequested && !stop.IsCancellationRequested)
        {
            Count("leave mid-wait", true);
        }
        catch (HttpRequestException)
        {
            Count("transport", false);
        }
    }

    /// <summary>Starts the typing, send, edit and delete actions at their rates, without waiting for one before the next.</summary>
    private async Task ActionsAsync(CancellationToken stop)
    {
        var s = _sizes;
        var total = s.SendsPerSecond + s.LoneTypingPerSecond + s.EditsPerSecond + s.DeletesPerSecond;
        var start = Stopwatch.GetTimestamp();
        try
        {
            for (long i = 0; !stop.IsCancellationRequested; i++)
            {
                var due = TimeSpan.FromSeconds(i / total) - Stopwatch.GetElapsedTime(start);
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, stop);
                }

                // A stalled server must not make the driver pile up requests without end.
                if (!_actionSlots.Wait(0, CancellationToken.None))
                {
                    Count("action skipped, too many in flight", false);
                    continue;
                }

                var pick = Random.Shared.NextDouble() * total;
                Func<CancellationToken, Task> action =
                    (pick -= s.SendsPerSecond) < 0 ? TypeThenSendAsync
                    : (pick -= s.LoneTypingPerSecond) < 0 ? TypeAloneAsync
                    : (pick -= s.EditsPerSecond) < 0 ? EditAsync
                    : DeleteAsync;
                _ = RunActionAsync(action, stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Done.
        }
    }

    private async Task RunActionAsync(Func<CancellationToken, Task> action, CancellationToken stop)
    {
        try
        {
            await action(stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (HttpRequestException)
        {
            Count("transport", false);
        }
        finally
        {
            _actionSlots.Release();
        }
    }

    private async Task TypeThenSendAsync(CancellationToken stop)
    {
        var (conversation, user) = RandomMember();
        Count("typing", await _http.TypingAsync(conversation, user, stop));
        await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(200, 1000)), stop);
        var id = await _http.SendForIdAsync(conversation, user, $"soak {SendStamp.Now()}", stop);
        Count("send", id is not null);
        if (id is not null)
        {
            _recent.Enqueue(new SentMessage(conversation, user, id));
            while (_recent.Count > RecentMessagesKept && _recent.TryDequeue(out _))
            {
                // Only recent messages are edited or deleted.
            }
        }
    }

    private async Task TypeAloneAsync(CancellationToken stop)
    {
        var (conversation, user) = RandomMember();
        Count("typing", await _http.TypingAsync(conversation, user, stop));
    }

    private async Task EditAsync(CancellationToken stop)
    {
        // Taken out while edited, so a delete never races it.
        if (_recent.TryDequeue(out var message))
        {
            Count("edit", await _http.EditAsync(message.Conversation, message.Id, message.User, $"edited {SendStamp.Now()}", stop));
            _recent.Enqueue(message);
        }
    }

    private async Task DeleteAsync(CancellationToken stop)
    {
        if (_recent.TryDequeue(out var message))
        {
            Count("delete", await _http.DeleteAsync(message.Conversation, message.Id, message.User, stop));
        }
    }

    private (string Conversation, string User) RandomMember() =>
        Member(Random.Shared.Next(_sizes.Rooms), Random.Shared.Next(_sizes.MembersPerRoom));

    private (string Conversation, string User) Member(int room, int member) => ($"{_prefix}-{room}", $"{_prefix}-{room}-{member}");

    /// <summary>Exponentially distributed around the mean, so clients leave at independent random times.</summary>
    private TimeSpan SessionLength()
    {
        var mean = _sizes.MeanSession.TotalSeconds;
        var seconds = -Math.Log(1 - Random.Shared.NextDouble()) * mean;
        return TimeSpan.FromSeconds(Math.Clamp(seconds, 1, 5 * mean));
    }

    private void Count(string operation, bool succeeded) =>
        (succeeded ? _done : _failed).AddOrUpdate(operation, 1, static (_, n) => n + 1);

    private sealed record SentMessage(string Conversation, string User, string Id);
}
