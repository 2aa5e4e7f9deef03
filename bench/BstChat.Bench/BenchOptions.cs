using BstChat.Bench.Server;

namespace BstChat.Bench;

/// <summary>The command line: either the driver's scenario choice or <c>--server</c> mode.</summary>
internal sealed record BenchOptions(
    bool Quick,
    bool Transport,
    bool Idle,
    bool PollThroughput,
    bool Send,
    StoreKind Store,
    string? OutputDirectory,
    ServerArguments? Server)
{
    public const string Usage = """
        usage: BstChat.Bench [--quick] [--transport] [--idle] [--poll-throughput] [--send] [--all]
                             [--store inmemory|sqlite|postgres] [--out DIR]
          --quick      reduced sizes; with no scenario named, runs all four (under 2 minutes)
          --all        every scenario at full size
          --store      the store for scenarios 1-3 (default sqlite); scenario 4 runs every store
          PostgreSQL runs read BSTCHAT_POSTGRES (a server where the user may create databases).
        """;

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        if (args.Contains("--server"))
        {
            return new BenchOptions(false, false, false, false, false, StoreKind.Sqlite, null, ServerArguments.Parse(args));
        }

        bool quick = false, transport = false, idle = false, poll = false, send = false, all = false;
        var store = StoreKind.Sqlite;
        string? output = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--quick": quick = true; break;
                case "--transport": transport = true; break;
                case "--idle": idle = true; break;
                case "--poll-throughput": poll = true; break;
                case "--send": send = true; break;
                case "--all": all = true; break;
                case "--store": store = StoreKinds.Parse(ValueAfter(args, ref i)); break;
                case "--out": output = ValueAfter(args, ref i); break;
                default: throw new ArgumentException($"Unknown option '{args[i]}'.");
            }
        }

        var none = !(transport || idle || poll || send);
        if (none && !quick && !all)
        {
            throw new ArgumentException("Name a scenario, or --quick, or --all.");
        }

        var every = all || (quick && none);
        return new BenchOptions(quick, transport || every, idle || every, poll || every, send || every, store, output, null);
    }

    internal static string ValueAfter(IReadOnlyList<string> args, ref int i) =>
        ++i < args.Count ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value.");
}
