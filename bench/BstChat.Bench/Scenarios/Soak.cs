using System.Diagnostics;
using System.Net.Http.Json;
using BstChat.Bench.Driver;
using BstChat.Bench.Reporting;
using BstChat.Bench.Server;

namespace BstChat.Bench.Scenarios;

/// <summary>
/// Scenario 6: minutes of mixed traffic (<see cref="SoakTraffic"/>) against one server, sampling
/// its memory, waiting requests, typing entries and thread pool at a fixed interval; the figures
/// must be flat once warm. Writes its own per-sample table (<c>soak.md</c>, <c>soak.csv</c>;
/// <c>soak-quick.*</c> for the quick preset) besides the summary rows in the run's report.
/// </summary>
internal static class Soak
{
    private const string Name = "6 soak";
    private const string Prefix = "soak";
    private const double MiB = 1048576.0;

    public static async Task RunAsync(SoakSizes sizes, bool quick, StoreKind store, string folder, BenchResults results, CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetUtcNow();
        var clients = sizes.Rooms * sizes.MembersPerRoom;
        var setUp = string.Join(' ',
            FormattableString.Invariant($"{clients} clients in {sizes.Rooms} rooms, each connecting (inbox, a history page, the cursor), long-polling,"),
            FormattableString.Invariant($"moving its read marker on {sizes.ReadMarkerChance:P0} of answers with messages, and leaving mid-wait after"),
            FormattableString.Invariant($"{sizes.MeanSession.TotalSeconds:0} s on average, then coming back; {sizes.SendsPerSecond} messages/s (each after a typing signal),"),
            FormattableString.Invariant($"{sizes.LoneTypingPerSecond} lone typing signals/s, {sizes.EditsPerSecond} edits/s and {sizes.DeletesPerSecond} deletes/s."),
            $"{store.Name()} store, server GC. Each sample forces a full compacting GC first, so memory is live data; queue and threads are read before it.",
            "Machine load is the 1-minute load average of the whole machine.");
        Console.WriteLine($"Scenario {Name}: {sizes.Duration.TotalMinutes:0.#} min, sampled every {sizes.SampleEvery.TotalSeconds:0} s; {setUp}");

        await using var database = await StoreDatabase.CreateAsync(store, cancellationToken);
        await using var server = await ServerProcess.StartAsync(store, database.ConnectionString, cancellationToken);
        await server.SetUpRoomsAsync(Prefix, sizes.Rooms, sizes.MembersPerRoom, cancellationToken);

        var previous = await SampleAsync(server, cancellationToken);
        var rows = new List<SoakRow> { Row(TimeSpan.Zero, previous, previous, seconds: 1) };
        var traffic = new SoakTraffic(server.Http, sizes, Prefix);
        await using (traffic)
        {
            var clock = Stopwatch.StartNew();
            var previousAt = TimeSpan.Zero;
            traffic.Start();
            for (var due = sizes.SampleEvery; due <= sizes.Duration; due += sizes.SampleEvery)
            {
                var wait = due - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellationToken);
                }

                var at = clock.Elapsed;
                var sample = await SampleAsync(server, cancellationToken);
                var row = Row(due, sample, previous, (at - previousAt).TotalSeconds);
                rows.Add(row);
                Console.WriteLine($"  {due.TotalSeconds:0} s: working set {row.WorkingSetMiB:0.#} MiB, heap {row.ManagedMiB:0.#} MiB, waiting {row.WaitingRequests}, "
                    + $"typing {row.TypingEntries}, queue {row.PendingWorkItems}, threads {row.ThreadPoolThreads}, CPU {row.CpuPercent:0} %, {row.RequestsPerSecond:0} req/s");
                (previous, previousAt) = (sample, at);
            }
        }

        var traced = rows.Skip(1).Select(r => (r.At.TotalMinutes, Row: r)).ToList();
        Flatness Check(string metric, string unit, Func<SoakRow, double> pick, double relative, double floor) =>
            Flatness.Of(metric, unit, [.. traced.Select(t => (t.TotalMinutes, pick(t.Row)))], relative, floor);
        // Memory is read after a compacting GC and barely jitters; the counts are instants of a
        // random load, so they get a wider margin.
        List<Flatness> verdicts =
        [
            Check("working set", "MiB", r => r.WorkingSetMiB, 0.05, 4),
            Check("managed heap", "MiB", r => r.ManagedMiB, 0.05, 2),
            Check("waiting requests", "requests", r => r.WaitingRequests, 0.10, 20),
            Check("typing entries", "entries", r => r.TypingEntries, 0.10, 25),
            Check("thread-pool queue", "items", r => r.PendingWorkItems, 0.10, 20),
            Check("thread-pool threads", "threads", r => r.ThreadPoolThreads, 0.10, 4),
        ];

        var label = $"{store.Name()}, {clients} clients, {sizes.Duration.TotalMinutes:0.#} min";
        foreach (var v in verdicts)
        {
            results.Add(new ResultRow(Name, label, $"{v.Metric} growth over the second half", v.Growth, v.Unit, $"{v.Rule} = {Format.Number(v.Allowed)}", v.Flat));
        }

        foreach (var (operation, count) in traffic.Done.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            results.Add(new ResultRow(Name, label, $"{operation} done", count, "operations"));
        }

        foreach (var (operation, count) in traffic.Failed.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            results.Add(new ResultRow(Name, label, $"{operation} failed", count, "operations"));
        }

        var title = $"BstChat soak, {sizes.Duration.TotalMinutes:0.#} min of mixed traffic, {store.Name()} store, {started:yyyy-MM-dd HH:mm} UTC";
        var name = quick ? "soak-quick" : "soak";
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, $"{name}.md"), SoakReport.Markdown(title, setUp, rows, verdicts), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(folder, $"{name}.csv"), SoakReport.Csv(rows), cancellationToken);
    }

    private static async Task<SoakSample> SampleAsync(ServerProcess server, CancellationToken cancellationToken) =>
        await server.Http.Client.GetFromJsonAsync<SoakSample>("bench/soak-sample", cancellationToken)
        ?? throw new InvalidOperationException("No soak sample.");

    private static SoakRow Row(TimeSpan at, SoakSample sample, SoakSample previous, double seconds) => new(
        at,
        sample.WorkingSetBytes / MiB,
        sample.ManagedBytes / MiB,
        sample.WaitingRequests,
        sample.TypingEntries,
        sample.PendingWorkItems,
        sample.ThreadPoolThreads,
        (sample.CpuSeconds - previous.CpuSeconds) / seconds * 100,
        (sample.Requests - previous.Requests) / seconds,
        MachineLoad.OneMinute());
}
