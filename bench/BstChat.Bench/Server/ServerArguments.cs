namespace BstChat.Bench.Server;

/// <summary>What the driver tells a child process started with <c>--server</c>.</summary>
/// <param name="Redis">The Redis backplane's connection string, or none.</param>
internal sealed record ServerArguments(int Port, StoreKind Store, string ConnectionString, string? Redis = null)
{
    public static ServerArguments Parse(IReadOnlyList<string> args)
    {
        int? port = null;
        var store = StoreKind.InMemory;
        var connection = "";
        string? redis = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--server": break;
                case "--port": port = int.Parse(BenchOptions.ValueAfter(args, ref i), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--store": store = StoreKinds.Parse(BenchOptions.ValueAfter(args, ref i)); break;
                case "--connection": connection = BenchOptions.ValueAfter(args, ref i); break;
                case "--redis": redis = BenchOptions.ValueAfter(args, ref i); break;
                default: throw new ArgumentException($"Unknown server option '{args[i]}'.");
            }
        }

        return new ServerArguments(port ?? throw new ArgumentException("--server needs --port."), store, connection, redis);
    }

    public IEnumerable<string> ToArgs() =>
        [
            "--server", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--store", Store.Name(), "--connection", ConnectionString,
            .. Redis is null ? Array.Empty<string>() : ["--redis", Redis],
        ];
}
