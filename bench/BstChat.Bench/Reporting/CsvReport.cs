using System.Globalization;
using System.Text;

namespace BstChat.Bench.Reporting;

/// <summary>The results as CSV (RFC 4180 quoting), one row per figure.</summary>
internal static class CsvReport
{
    public static string Render(BenchResults results)
    {
        var text = new StringBuilder("scenario,case,metric,value,unit,target,met\n");
        foreach (var row in results.Rows)
        {
            var met = row.Met switch { true => "met", false => "missed", null => "" };
            string[] fields = [row.Scenario, row.Case, row.Metric, row.Value.ToString("R", CultureInfo.InvariantCulture), row.Unit, row.Target ?? "", met];
            text.AppendJoin(',', fields.Select(Quote)).Append('\n');
        }

        return text.ToString();
    }

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n']) >= 0 ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;
}
