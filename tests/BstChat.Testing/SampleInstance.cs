using System.Diagnostics;
using System.Net;

namespace BstChat.Testing;

/// <summary>
/// One instance of the sample site as an operator runs it: <c>dotnet BstChat.Sample.dll</c> (built
/// once with the solution) as an <see cref="OwnedProcess"/> on a loopback port, configured by
/// environment variables only. Clients sign in through the demo's <c>/login</c> on this instance.
/// </summary>
public sealed class SampleInstance : IAsyncDisposable
{
    /// <summary>A hang guard only: the sample starts in seconds, more on a busy machine.</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    /// <summary>Above the longest wait a test asks for, so a held request ends by the server's answer, not the client's patience.</summary>
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromMinutes(6);

    private readonly Process _process;
    private readonly ProcessOutput _output;
    private readonly List<HttpClient> _clients = [];

    private SampleInstance(Process process, Uri baseAddress)
    {
        _process = process;
        _output = ProcessOutput.Drain(process);
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>Starts an instance with these environment settings and waits until it serves pages.</summary>
    public static async Task<SampleInstance> StartAsync(IReadOnlyDictionary<string, string> environment)
    {
        var dll = SampleAssembly();
        var baseAddress = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseAddress.ToString().TrimEnd('/'));
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var instance = new SampleInstance(OwnedProcess.Start(start), baseAddress);
        try
        {
            await instance.WaitUntilServingAsync();
        }
        catch
        {
            await instance.DisposeAsync();
            throw;
        }

        return instance;
    }

    /// <summary>Signs in through the demo's <c>/login</c> and returns a client carrying the cookie.</summary>
    public async Task<HttpClient> SignInAsync(string user)
    {
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() };
        var client = new HttpClient(handler) { BaseAddress = BaseAddress, Timeout = ClientTimeout };
        _clients.Add(client);
        using var response = await client.GetAsync($"/login?user={user}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>What the process wrote lately, for a failure message.</summary>
    public string Output => _output.ToString();

    /// <summary>Kills the process with SIGKILL, as a crash or an out-of-memory kill would: nothing is flushed or shut down.</summary>
    public Task KillAsync() => _process.KillTreeAsync();

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await KillAsync();
        _process.Dispose();
    }

    private async Task WaitUntilServingAsync()
    {
        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited || clock.Elapsed > StartTimeout)
            {
                Assert.Fail($"The sample at {BaseAddress} did not start:\n{Output}");
            }

            try
            {
                using var response = await probe.GetAsync("/", TestContext.Current.CancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException
                                                  || (exception is TaskCanceledException && !TestContext.Current.CancellationToken.IsCancellationRequested))
            {
                // Not listening yet, or a probe slow to answer on a busy machine: try again.
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>The sample's own build output, in the configuration this test project was built in.</summary>
    private static string SampleAssembly()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = output.Name;
        var configuration = output.Parent!.Name;
        var root = output;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "BstChat.Lib.sln")))
        {
            root = root.Parent;
        }

        var dll = Path.Combine(root?.FullName ?? throw new InvalidOperationException("BstChat.Lib.sln not found above the test output."),
            "samples", "BstChat.Sample", "bin", configuration, framework, "BstChat.Sample.dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"The sample is not built: {dll} is missing.");
    }
}
