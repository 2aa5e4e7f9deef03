using System.Globalization;
using System.Text;

namespace BstChat.Bench.Reporting;

/// <summary>The soak's own table, one line per sample, and its flat-once-warm verdict, as Markdown and CSV.</summary>
internal static class SoakReport
{
    public static string Markdown(string title, string setUp, IReadOnlyList<SoakRow> rows, IReadOnlyList<Flatness> verdicts)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"## {title}").AppendLine().AppendLine(setUp).AppendLine();
        text.AppendLine("| at | working set | managed heap | waiting requests | typing entries | thread-pool queue | thread-pool threads | server CPU | server req/s | machine load |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {At(r.At)} | {Format.Number(r.WorkingSetMiB)} MiB | {Format.Number(r.ManagedMiB)} MiB | {r.WaitingRequests} | {r.TypingEntries} | {r.PendingWorkItems} | {r.ThreadPoolThreads} | {Format.Number(r.CpuPercent)} % | {Format.Number(r.RequestsPerSecond)} | {Format.Number(r.MachineLoad)} |");
        }

        text.AppendLine().AppendLine("Flat once warm: growth across the second half, from a least-squares line through its samples.").AppendLine();
        text.AppendLine("| figure | second-half mean | growth | allowed | flat |");
        text.AppendLine("|---|---:|---:|---|---|");
        foreach (var v in verdicts)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {v.Metric} | {Format.Number(v.Mean)} {v.Unit} | {Format.Number(v.Growth)} {v.Unit} | {v.Rule} = {Format.Number(v.Allowed)} | {(v.Flat ? "yes" : "**no**")} |");
        }

        text.AppendLine().AppendLine(verdicts.All(v => v.Flat) ? "Verdict: **flat once warm**." : "Verdict: **not flat** once warm (see the figures marked no).");
        return text.ToString();
    }

    public static string Csv(IReadOnlyList<SoakRow> rows)
    {
        var text = new StringBuilder("at_seconds,working_set_mib,managed_heap_mib,waiting_requests,typing_entries,threadpool_queue,threadpool_threads,server_cpu_percent,server_requests_per_second,machine_load\n");
        foreach (var r in rows)
        {
            text.AppendJoin(',', [
                r.At.TotalSeconds.ToString("0", CultureInfo.InvariantCulture),
                r.WorkingSetMiB.ToString("0.###", CultureInfo.InvariantCulture),
                r.ManagedMiB.ToString("0.###", CultureInfo.InvariantCulture),
                r.WaitingRequests.ToString(CultureInfo.InvariantCulture),
                r.TypingEntries.ToString(CultureInfo.InvariantCulture),
                r.PendingWorkItems.ToString(CultureInfo.InvariantCulture),
                r.ThreadPoolThreads.ToString(CultureInfo.InvariantCulture),
                r.CpuPercent.ToString("0.#", CultureInfo.InvariantCulture),
                r.RequestsPerSecond.ToString("0.#", CultureInfo.InvariantCulture),
                r.MachineLoad.ToString("0.##", CultureInfo.InvariantCulture)]).Append('\n');
        }

        return text.ToString();
    }

    private static string At(TimeSpan at) =>
        at == TimeSpan.Zero ? "start (no traffic)"
        : at.Seconds == 0 ? $"{at.TotalMinutes:0} min"
        : $"{at.TotalSeconds:0} s";
}
