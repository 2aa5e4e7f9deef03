namespace BstChat.Bench.Reporting;

/// <summary>
/// Whether a figure stayed flat once warm: its growth across the second half of a run, from a
/// least-squares line through that half's samples (so one noisy sample cannot decide), within
/// the larger of a share of its mean and an absolute floor. Falling is flat too.
/// </summary>
internal sealed record Flatness(string Metric, string Unit, double Mean, double Growth, double Allowed, string Rule)
{
    public bool Flat => Growth <= Allowed;

    /// <param name="samples">Minutes since the start and the value then, in order; the second half is judged.</param>
    public static Flatness Of(string metric, string unit, IReadOnlyList<(double Minutes, double Value)> samples, double relative, double floor)
    {
        var end = samples[^1].Minutes;
        var warm = samples.Where(s => s.Minutes >= end / 2).ToList();
        var mean = warm.Average(s => s.Value);
        var allowed = Math.Max(relative * Math.Abs(mean), floor);
        var rule = $"≤ max({relative:P0} of mean, {Format.Number(floor)} {unit})";
        if (warm.Count < 2)
        {
            return new Flatness(metric, unit, mean, double.NaN, allowed, rule);
        }

        var meanMinutes = warm.Average(s => s.Minutes);
        var slope = warm.Sum(s => (s.Minutes - meanMinutes) * (s.Value - mean)) / warm.Sum(s => Math.Pow(s.Minutes - meanMinutes, 2));
        return new Flatness(metric, unit, mean, slope * (warm[^1].Minutes - warm[0].Minutes), allowed, rule);
    }
}
