using System.Collections.Concurrent;
using System.Diagnostics;
using BstChat.Bench.Driver;
using BstChat.Bench.Reporting;
using BstChat.Bench.Server;
using Microsoft.AspNetCore.SignalR.Client;

namespace BstChat.Bench.Scenarios;

/// <summary>
/// Scenario 1: the same rooms and message rate over interval polling (10 s, 2 s), BstChat
/// long-poll, and a SignalR hub (push, nothing stored). In each room member 0 sends and the
/// others listen; latency runs from the moment a send is issued to its receipt by each listener.
/// </summary>
internal static class TransportComparison
{
    private const string Name = "1 transport";
    private const string Prefix = "tx";

    public static async Task RunAsync(BenchSizes sizes, StoreKind store, BenchResults results, CancellationToken cancellationToken)
    {
        Console.WriteLine($"Scenario {Name}: {sizes.TransportRooms * sizes.TransportListenersPerRoom} clients in {sizes.TransportRooms} rooms, "
            + $"{sizes.TransportMessagesPerSecond} messages/s for {sizes.TransportSendFor.TotalSeconds} s, {store.Name()} store");
        await using var database = await StoreDatabase.CreateAsync(store, cancellationToken);
        await using var server = await ServerProcess.StartAsync(store, database.ConnectionString, cancellationToken);
        await server.SetUpRoomsAsync(Prefix, sizes.TransportRooms, sizes.TransportListenersPerRoom + 1, cancellationToken);

        var members = (
            from room in Enumerable.Range(0, sizes.TransportRooms)
            from listener in Enumerable.Range(1, sizes.TransportListenersPerRoom)
            select ($"{Prefix}-{room}", $"{Prefix}-{room}-{listener}")).ToList();

        await MeasureAsync($"poll 10 s ({store.Name()})", new FeedListeners(server.Http, TimeSpan.FromSeconds(10)), HttpSend(server), TimeSpan.FromSeconds(13), target: null);
        await MeasureAsync($"poll 2 s ({store.Name()})", new FeedListeners(server.Http, TimeSpan.FromSeconds(2)), HttpSend(server), TimeSpan.FromSeconds(5), target: null);
        await MeasureAsync($"long-poll ({store.Name()})", new FeedListeners(server.Http, interval: null), HttpSend(server), TimeSpan.FromSeconds(5), target: 100);

        if (!Selected("SignalR"))
        {
            return;
        }

        var senders = await ConnectSignalRSendersAsync(server.BaseAddress, count: 8, cancellationToken);
        try
        {
            await MeasureAsync("SignalR (no store)", new SignalRListeners(server.BaseAddress), SignalRSend(senders), TimeSpan.FromSeconds(5), target: null);
        }
        finally
        {
            foreach (var sender in senders)
            {
                await sender.DisposeAsync();
            }
        }

        async Task MeasureAsync(string transport, IListeners listeners, Func<int, CancellationToken, Task<bool>> send, TimeSpan maxDrain, double? target)
        {
            if (!Selected(transport))
            {
                await listeners.DisposeAsync();
                return;
            }

            Console.WriteLine($"  {transport}: connecting {members.Count} clients");
            var recorder = new LatencyRecorder();
            await using (listeners)
            {
                await listeners.StartAsync(members, recorder, cancellationToken);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);

                var before = await server.StatsAsync(collectGarbage: false, cancellationToken);
                var clock = Stopwatch.StartNew();
                var sendRoundTrips = new ConcurrentBag<double>();
                var acknowledged = await RateSender.RunAsync(
                    send, sizes.TransportRooms, sizes.TransportMessagesPerSecond, sizes.TransportSendFor, sendRoundTrips, cancellationToken);
                var expected = acknowledged * sizes.TransportListenersPerRoom;
                await WaitForDeliveriesAsync(recorder, expected, maxDrain, cancellationToken);
                var elapsed = clock.Elapsed.TotalSeconds;
                var after = await server.StatsAsync(collectGarbage: false, cancellationToken);
                Report(transport, recorder.Summarize(), expected, listeners.Errors, before, after, elapsed, target);
                // The delivery latency includes the send's round trip: its own tail says how much of it is the send.
                var sends = LatencySummary.Of(sendRoundTrips);
                results.Add(new ResultRow(Name, transport, "send round trip p50", sends.P50, "ms"));
                results.Add(new ResultRow(Name, transport, "send round trip p99", sends.P99, "ms"));
            }
        }

        void Report(string transport, LatencySummary latency, int expected, int errors, ServerStats before, ServerStats after, double elapsed, double? p99Target)
        {
            results.AddLatency(transport, latency);
            results.Add(new ResultRow(Name, transport, "latency p50", latency.P50, "ms"));
            results.Add(new ResultRow(Name, transport, "latency p95", latency.P95, "ms"));
            results.Add(p99Target is { } t
                ? new ResultRow(Name, transport, "latency p99", latency.P99, "ms", $"< {t} ms", latency.P99 < t)
                : new ResultRow(Name, transport, "latency p99", latency.P99, "ms"));
            results.Add(new ResultRow(Name, transport, "latency max", latency.Max, "ms"));
            results.Add(transport.StartsWith("poll", StringComparison.Ordinal)
                ? MeanNearHalfInterval(transport, latency.Mean)
                : new ResultRow(Name, transport, "latency mean", latency.Mean, "ms"));
            results.Add(new ResultRow(Name, transport, "delivered", latency.Count, $"of {expected}", $"= {expected}", latency.Count == expected));
            results.Add(new ResultRow(Name, transport, "client errors", errors, "retried"));
            results.Add(new ResultRow(Name, transport, "server requests/s", (after.Requests - before.Requests) / elapsed, "req/s"));
            results.Add(new ResultRow(Name, transport, "server CPU per 1,000 deliveries", (after.CpuSeconds - before.CpuSeconds) / Math.Max(1, latency.Count) * 1000, "CPU s"));
            results.Add(new ResultRow(Name, transport, "server working set", after.WorkingSetBytes / 1048576.0, "MiB"));
            results.Add(new ResultRow(Name, transport, "server managed heap", after.ManagedBytes / 1048576.0, "MiB"));
        }

        // Polling's mean wait is half its interval; a mean far from it means the harness is off.
        ResultRow MeanNearHalfInterval(string transport, double mean)
        {
            var half = transport.StartsWith("poll 10", StringComparison.Ordinal) ? 5_000 : 1_000;
            var near = Math.Abs(mean - half) <= half * 0.2;
            return new ResultRow(Name, transport, "latency mean", mean, "ms", $"≈ {half} ms (±20 %)", near);
        }
    }

    private static Func<int, CancellationToken, Task<bool>> HttpSend(ServerProcess server) =>
        (room, ct) => server.Http.SendAsync($"{Prefix}-{room}", $"{Prefix}-{room}-0", SendStamp.Now(), ct);

    private static Func<int, CancellationToken, Task<bool>> SignalRSend(List<HubConnection> senders) =>
        async (room, ct) =>
        {
            await senders[room % senders.Count].InvokeAsync(nameof(FanOutHub.Send), $"{Prefix}-{room}", SendStamp.Now(), ct);
            return true;
        };

    /// <summary>
    /// <c>BSTCHAT_BENCH_TRANSPORTS</c> (comma-separated label prefixes, e.g. <c>long-poll</c>) limits
    /// the run to those transports, to profile or compare one of them; unset runs all four.
    /// </summary>
    private static bool Selected(string transport) =>
        Environment.GetEnvironmentVariable("BSTCHAT_BENCH_TRANSPORTS") is not { Length: > 0 } filter
        || filter.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Any(prefix => transport.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));

    private static async Task<List<HubConnection>> ConnectSignalRSendersAsync(Uri baseAddress, int count, CancellationToken cancellationToken)
    {
        var senders = new List<HubConnection>();
        for (var i = 0; i < count; i++)
        {
            var connection = SignalRListeners.Connect(baseAddress);
            await connection.StartAsync(cancellationToken);
            senders.Add(connection);
        }

        return senders;
    }

    private static async Task WaitForDeliveriesAsync(LatencyRecorder recorder, int expected, TimeSpan maxDrain, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(maxDrain.TotalSeconds * Stopwatch.Frequency);
        while (recorder.Count < expected && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(50, cancellationToken);
        }
    }
}
