using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using BstChat.Bench.Server;

namespace BstChat.Bench.Driver;

/// <summary>
/// The bench server as a child process (this same program in <c>--server</c> mode) on a free
/// loopback port. Disposing closes its stdin, which stops it; it is killed if it lingers.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, Uri baseAddress, BenchHttp http)
    {
        _process = process;
        BaseAddress = baseAddress;
        Http = http;
    }

    public Uri BaseAddress { get; }

    public BenchHttp Http { get; }

    /// <param name="redis">The Redis backplane to join, or none.</param>
    public static async Task<ServerProcess> StartAsync(StoreKind store, string connectionString, CancellationToken cancellationToken, string? redis = null)
    {
        var arguments = new ServerArguments(FreePort(), store, connectionString, redis);
        var start = new ProcessStartInfo { RedirectStandardInput = true, UseShellExecute = false };
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("Cannot tell this program's path.");
        start.FileName = self;
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            // Started as `dotnet BstChat.Bench.dll`: the child needs the dll too.
            start.ArgumentList.Add(typeof(ServerProcess).Assembly.Location);
        }

        foreach (var arg in arguments.ToArgs())
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The bench server did not start.");
        var baseAddress = new Uri($"http://127.0.0.1:{arguments.Port}/");
        var server = new ServerProcess(process, baseAddress, new BenchHttp(baseAddress));
        await server.WaitUntilReadyAsync(cancellationToken);
        return server;
    }

    public async Task<ServerStats> StatsAsync(bool collectGarbage, CancellationToken cancellationToken) =>
        await Http.Client.GetFromJsonAsync<ServerStats>($"bench/stats?gc={(collectGarbage ? "true" : "false")}", cancellationToken)
        ?? throw new InvalidOperationException("No stats.");

    /// <summary>Creates rooms <c>{prefix}-{r}</c> with members <c>{prefix}-{r}-{i}</c>, and <paramref name="copies"/> − 1 more rooms <c>{prefix}-{r}.{c}</c> of the same members.</summary>
    public async Task SetUpRoomsAsync(string prefix, int rooms, int members, CancellationToken cancellationToken, int copies = 1)
    {
        using var response = await Http.Client.PostAsync(
            $"bench/setup?prefix={prefix}&rooms={rooms}&members={members}&copies={copies}", content: null, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        _process.StandardInput.Close();
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The bench server exited with code {_process.ExitCode}.");
            }

            try
            {
                await StatsAsync(collectGarbage: false, cancellationToken);
                return;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
