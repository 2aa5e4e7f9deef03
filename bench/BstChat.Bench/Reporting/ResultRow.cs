namespace BstChat.Bench.Reporting;

/// <summary>One measured figure; <see cref="Met"/> is set when the figure is checked against a target.</summary>
internal sealed record ResultRow(string Scenario, string Case, string Metric, double Value, string Unit, string? Target = null, bool? Met = null);
