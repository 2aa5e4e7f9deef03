using System.Globalization;

namespace BstChat.Bench.Reporting;

/// <summary>Numbers as the reports print them: invariant culture, a sensible number of digits.</summary>
internal static class Format
{
    public static string Number(double value) => value switch
    {
        double.NaN => "n/a",
        >= 100 or <= -100 => value.ToString("0", CultureInfo.InvariantCulture),
        >= 1 or <= -1 => value.ToString("0.##", CultureInfo.InvariantCulture),
        _ => value.ToString("0.####", CultureInfo.InvariantCulture),
    };
}
