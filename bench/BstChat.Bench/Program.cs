using BstChat.Bench;
using BstChat.Bench.Driver;
using BstChat.Bench.Server;

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

// Both processes: the idle scenarios hold one socket per client on each side.
FileDescriptorLimit.Raise(200_000);

if (options.Server is { } server)
{
    await BenchServer.RunAsync(server, stop.Token);
    return 0;
}

return await BenchDriver.RunAsync(options, stop.Token);
