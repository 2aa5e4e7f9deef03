using System.Globalization;
using System.Text;

namespace BstChat.Bench.Reporting;

/// <summary>The results as a Markdown table, targets marked met or missed.</summary>
internal static class MarkdownReport
{
    public static string Render(BenchResults results, string title)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"## {title}").AppendLine();
        text.AppendLine("| scenario | case | metric | value | unit | target | met |");
        text.AppendLine("|---|---|---|---:|---|---|---|");
        foreach (var row in results.Rows)
        {
            var met = row.Met switch { true => "met", false => "**missed**", null => "" };
            text.AppendLine(CultureInfo.InvariantCulture, $"| {row.Scenario} | {row.Case} | {row.Metric} | {Format.Number(row.Value)} | {row.Unit} | {row.Target} | {met} |");
        }

        return text.ToString();
    }
}
