using BstChat.Bench.Server;

namespace BstChat.Bench;

/// <summary>The command line: either the driver's scenario choice or <c>--server</c> mode.</summary>
internal sealed record BenchOptions(
    bool Quick,
    bool Transport,
    bool Idle,
    bool IdleScale,
    bool PollThroughput,
    bool Send,
    bool TwoInstances,
    bool Soak,
    bool Uploads,
    double? SoakMinutes,
    StoreKind Store,
    string? OutputDirectory,
    ServerArguments? Server)
{
    public const string Usage = """
        usage: BstChat.Bench [--quick] [--transport] [--idle] [--idle-scale] [--poll-throughput] [--send] [--two-instances]
                             [--soak [--soak-minutes N]] [--uploads] [--all] [--store inmemory|sqlite|postgres] [--out DIR]
          --quick      reduced sizes; with no scenario named, runs scenarios 1-5 and 8 (the soak only when named)
          --all        every scenario at full size, the 10-minute soak included (not --idle-scale)
          --idle-scale 50,000 held long-polls (5,000 with --quick) and one message to every conversation; only when named
          --store      the store for scenarios 1-3 and 6 (default sqlite); scenario 4 runs every store,
                       scenario 5 PostgreSQL when BSTCHAT_POSTGRES is set, else one SQLite file
          --uploads    20 parallel 10 MB uploads against a multipart-to-disk baseline, memory sampled (--store's store)
          --soak-minutes  the soak's length (default 10, 1 with --quick), sampled each minute
          PostgreSQL runs read BSTCHAT_POSTGRES (a server where the user may create databases).
        """;

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        if (args.Contains("--server"))
        {
            return new BenchOptions(false, false, false, false, false, false, false, false, false, null, StoreKind.Sqlite, null, ServerArguments.Parse(args));
        }

        bool quick = false, transport = false, idle = false, idleScale = false, poll = false, send = false, twoInstances = false, soak = false, uploads = false, all = false;
        double? soakMinutes = null;
        var store = StoreKind.Sqlite;
        string? output = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--quick": quick = true; break;
                case "--transport": transport = true; break;
                case "--idle": idle = true; break;
                case "--idle-scale": idleScale = true; break;
                case "--poll-throughput": poll = true; break;
                case "--send": send = true; break;
                case "--two-instances": twoInstances = true; break;
                case "--soak": soak = true; break;
                case "--uploads": uploads = true; break;
                case "--soak-minutes": soakMinutes = double.Parse(ValueAfter(args, ref i), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--all": all = true; break;
                case "--store": store = StoreKinds.Parse(ValueAfter(args, ref i)); break;
                case "--out": output = ValueAfter(args, ref i); break;
                default: throw new ArgumentException($"Unknown option '{args[i]}'.");
            }
        }

        var none = !(transport || idle || idleScale || poll || send || twoInstances || soak || uploads);
        if (none && !quick && !all)
        {
            throw new ArgumentException("Name a scenario, or --quick, or --all.");
        }

        var every = all || (quick && none);
        return new BenchOptions(
            quick, transport || every, idle || every, idleScale, poll || every, send || every, twoInstances || every, soak || all, uploads || every, soakMinutes, store, output, null);
    }

    internal static string ValueAfter(IReadOnlyList<string> args, ref int i) =>
        ++i < args.Count ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value.");
}
