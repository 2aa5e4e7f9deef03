using BstChat.Bench.Driver;
using ScottPlot;

namespace BstChat.Bench.Reporting;

/// <summary>A PNG bar chart of delivery latency (p50, p95, p99) by transport, on a log scale.</summary>
internal static class LatencyChart
{
    private static readonly (string Name, Func<LatencySummary, double> Pick)[] Series =
    [
        ("p50", l => l.P50),
        ("p95", l => l.P95),
        ("p99", l => l.P99),
    ];

    public static void Save(IReadOnlyList<(string Transport, LatencySummary Latency)> latencies, string path)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var bars = new List<Bar>();
        for (var t = 0; t < latencies.Count; t++)
        {
            for (var s = 0; s < Series.Length; s++)
            {
                // Log scale by hand (ScottPlot 5 has no log axis): bar height is log10(ms), 0.1 ms floor.
                var ms = Math.Max(0.1, Series[s].Pick(latencies[t].Latency));
                bars.Add(new Bar { Position = t * (Series.Length + 1) + s, Value = Math.Log10(ms), FillColor = palette.GetColor(s) });
            }
        }

        plot.Add.Bars(bars);
        var groupCentres = Enumerable.Range(0, latencies.Count).Select(t => t * (Series.Length + 1) + 1.0).ToArray();
        plot.Axes.Bottom.SetTicks(groupCentres, [.. latencies.Select(l => l.Transport)]);
        double[] decades = [-1, 0, 1, 2, 3, 4, 5];
        plot.Axes.Left.SetTicks(decades, ["0.1 ms", "1 ms", "10 ms", "100 ms", "1 s", "10 s", "100 s"]);
        plot.Axes.SetLimitsY(-1, Math.Max(2, bars.Max(b => b.Value) + 0.5));
        plot.Axes.Left.Label.Text = "delivery latency (log scale)";
        plot.Title("BstChat bench: send → received, by transport");
        for (var s = 0; s < Series.Length; s++)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = Series[s].Name, FillColor = palette.GetColor(s) });
        }

        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, 900, 500);
    }
}
