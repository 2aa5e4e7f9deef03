using System.Globalization;
using System.Runtime.InteropServices;
using BstChat.Bench.Reporting;
using BstChat.Bench.Scenarios;

namespace BstChat.Bench.Driver;

/// <summary>Runs the chosen scenarios, each against its own server process, and writes the reports.</summary>
internal static class BenchDriver
{
    public static async Task<int> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        var sizes = options.Quick ? BenchSizes.Quick : BenchSizes.Full;
        var preset = options.Quick ? "quick" : "full";
        var results = new BenchResults();
        var failures = new List<string>();
        var started = DateTimeOffset.UtcNow;

        await RunScenarioAsync(options.Transport, "transport", ct => TransportComparison.RunAsync(sizes, options.Store, results, ct));
        await RunScenarioAsync(options.Idle, "idle", ct => IdleCost.RunAsync(sizes, options.Store, results, ct));
        await RunScenarioAsync(options.IdleScale, "idle scale", ct => IdleScale.RunAsync(sizes, options.Quick, options.Store, results, ct));
        await RunScenarioAsync(options.PollThroughput, "poll throughput", ct => PollThroughput.RunAsync(sizes, options.Store, results, ct));
        await RunScenarioAsync(options.Send, "send throughput", ct => SendThroughput.RunAsync(sizes, results, ct));
        await RunScenarioAsync(options.TwoInstances, "two instances", ct => TwoInstance.RunAsync(options.Quick ? TwoInstanceSizes.Quick : TwoInstanceSizes.Full, results, ct));
        await RunScenarioAsync(options.Uploads, "uploads", ct => UploadThroughput.RunAsync(options.Quick, options.Store, results, ct));
        await RunScenarioAsync(options.Soak, "soak", ct => Soak.RunAsync(
            SoakSizes.For(options.Quick, options.SoakMinutes), options.Quick, options.Store, options.OutputDirectory ?? DefaultResultsFolder(), results, ct));

        var folder = options.OutputDirectory ?? DefaultResultsFolder();
        Directory.CreateDirectory(folder);
        var title = $"BstChat bench, {preset} preset, {started:yyyy-MM-dd HH:mm} UTC ({(DateTimeOffset.UtcNow - started).TotalSeconds:0} s)";
        var markdown = MarkdownReport.Render(results, title) + Environment.NewLine + MachineNote() + FailureNote(failures);
        await File.WriteAllTextAsync(Path.Combine(folder, $"{preset}.md"), markdown, cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(folder, $"{preset}.csv"), CsvReport.Render(results), cancellationToken);
        if (results.Latencies.Count > 0)
        {
            LatencyChart.Save(results.Latencies, Path.Combine(folder, $"{preset}-latency.png"));
        }

        Console.WriteLine();
        Console.WriteLine(markdown);
        Console.WriteLine($"Written to {folder}");
        return failures.Count == 0 ? 0 : 1;

        async Task RunScenarioAsync(bool chosen, string name, Func<CancellationToken, Task> scenario)
        {
            if (!chosen)
            {
                return;
            }

            try
            {
                await scenario(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // One broken scenario should not cost the others' figures.
                Console.Error.WriteLine($"Scenario {name} failed: {e}");
                failures.Add($"{name}: {e.GetType().Name}: {e.Message}");
            }
        }
    }

    private static string MachineNote() => string.Create(
        CultureInfo.InvariantCulture,
        $"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, "
        + $"server GC. Driver and server are separate processes on the same machine, sharing its cores.{Environment.NewLine}");

    private static string FailureNote(List<string> failures) =>
        failures.Count == 0 ? "" : $"{Environment.NewLine}Failed scenarios:{Environment.NewLine}{string.Concat(failures.Select(f => $"- {f}{Environment.NewLine}"))}";

    /// <summary><c>bench/results</c> in the repository this program was built from, else under the current directory.</summary>
    private static string DefaultResultsFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "BstChat.Lib.sln")))
            {
                return Path.Combine(dir.FullName, "bench", "results");
            }
        }

        return Path.Combine(Directory.GetCurrentDirectory(), "bench", "results");
    }
}
