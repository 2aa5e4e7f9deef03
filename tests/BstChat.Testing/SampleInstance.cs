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
    public static Task<SampleInstance> StartAsync(IReadOnlyDictionary<string, string> environment)
    {
        var dll = SampleAssembly();
        return StartAsync(Path.GetDirectoryName(dll)!, [dll], environment);
    }

    /// <summary>
    /// Starts the sample as the README does, <c>dotnet run --project samples/BstChat.Sample</c>
    /// (without building again), so its <c>launchSettings.json</c> applies: the default profile, or
    /// <paramref name="launchProfile"/>. The environment name comes from the profile alone.
    /// </summary>
    public static Task<SampleInstance> RunProjectAsync(IReadOnlyDictionary<string, string> environment, string? launchProfile = null)
    {
        var (root, configuration, _) = BuildOutput();
        string[] arguments = ["run", "--no-build", "--configuration", configuration, "--project", Path.Combine(root, "samples", "BstChat.Sample")];
        if (launchProfile is not null)
        {
            arguments = [.. arguments, "--launch-profile", launchProfile];
        }

        return StartAsync(root, [.. arguments, "--"], environment, unset: ["ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT"]);
    }

    private static async Task<SampleInstance> StartAsync(
        string workingDirectory, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, IReadOnlyList<string>? unset = null)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseAddress.ToString().TrimEnd('/'));
        foreach (var name in unset ?? [])
        {
            start.Environment.Remove(name);
        }

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
        var (root, configuration, framework) = BuildOutput();
        var dll = Path.Combine(root, "samples", "BstChat.Sample", "bin", configuration, framework, "BstChat.Sample.dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"The sample is not built: {dll} is missing.");
    }

    /// <summary>The repository root, and the configuration and framework this test project was built for.</summary>
    private static (string Root, string Configuration, string Framework) BuildOutput()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var root = output;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "BstChat.Lib.sln")))
        {
            root = root.Parent;
        }

        return (root?.FullName ?? throw new InvalidOperationException("BstChat.Lib.sln not found above the test output."), output.Parent!.Name, output.Name);
    }
}
