using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace BstChat.Testing;

/// <summary>
/// A throwaway <c>redis-server</c>, the test's own <see cref="OwnedProcess"/> on a free loopback
/// port, with no persistence, so a test can stop it and start it again on the same port. Without
/// redis-server on the PATH the test skips, except under <c>CI=true</c>, where it fails.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    /// <summary>A hang guard only: redis-server answers PING within milliseconds of starting.</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string _executable;
    private Process? _process;
    private ProcessOutput? _output;

    private RedisServer(string executable, int port)
    {
        _executable = executable;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The StackExchange.Redis connection string.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>
    /// The connection string with command timeouts of <see cref="CommandTimeout"/>: a call that
    /// waited on Redis instead of failing fast would take that long, so a test tells the two
    /// apart with a bound far below it (settings in the string win over BstChat's own 1 s).
    /// </summary>
    public string PatientConnectionString =>
        $"{ConnectionString},syncTimeout={CommandTimeout.TotalMilliseconds:F0},asyncTimeout={CommandTimeout.TotalMilliseconds:F0}";

    /// <summary>The command timeout of <see cref="PatientConnectionString"/>.</summary>
    public static TimeSpan CommandTimeout { get; } = TimeSpan.FromMinutes(3);

    public static async Task<RedisServer> StartAsync()
    {
        var executable = FindOnPath("redis-server");
        if (executable is null)
        {
            Requirement.Missing("Redis", "redis-server is not on the PATH (apt-get install -y redis-server).");
        }

        var server = new RedisServer(executable!, FreePort.Next());
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts the server (again) on its port and waits until it answers PING.</summary>
    public async Task StartAgainAsync()
    {
        var start = new ProcessStartInfo(_executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
        {
            start.ArgumentList.Add(argument);
        }

        _process = OwnedProcess.Start(start);
        _output = ProcessOutput.Drain(_process);

        var clock = Stopwatch.StartNew();
        while (!await AnswersPingAsync())
        {
            if (_process.HasExited || clock.Elapsed > StartTimeout)
            {
                Assert.Fail($"redis-server on port {Port} did not answer PING within {StartTimeout.TotalSeconds} s:\n{_output}");
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Kills the server, as a crash or a network loss would look to its clients.</summary>
    public async Task StopAsync()
    {
        if (_process is { } process)
        {
            await process.KillTreeAsync();
            process.Dispose();
        }

        _process = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task<bool> AnswersPingAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port, TestContext.Current.CancellationToken);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), TestContext.Current.CancellationToken);
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer, TestContext.Current.CancellationToken);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception exception) when (exception is SocketException or IOException)
        {
            return false;
        }
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
}
