using BstChat.Bench.Driver;

namespace BstChat.Bench.Reporting;

/// <summary>Everything a run measured, in the order measured.</summary>
internal sealed class BenchResults
{
    private readonly List<ResultRow> _rows = [];
    private readonly List<(string Transport, LatencySummary Latency)> _latencies = [];

    public IReadOnlyList<ResultRow> Rows => _rows;

    /// <summary>Delivery latency per transport, for the chart.</summary>
    public IReadOnlyList<(string Transport, LatencySummary Latency)> Latencies => _latencies;

    public void Add(ResultRow row)
    {
        _rows.Add(row);
        var verdict = row.Met switch { true => "  [met]", false => "  [MISSED]", null => "" };
        Console.WriteLine($"  {row.Scenario} | {row.Case} | {row.Metric}: {Format.Number(row.Value)} {row.Unit}{verdict}");
    }

    public void AddLatency(string transport, LatencySummary latency) => _latencies.Add((transport, latency));
}
