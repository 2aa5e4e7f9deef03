using System.Diagnostics;
using System.Text;

namespace BstChat.Storage.Mongo.Tests.Server;

/// <summary>
/// The MongoDB emulator of tests/MongoEmulator (mongomock behind a wire-protocol front; an
/// emulator, not mongod) in a process this object owns (<see cref="OwnedProcess"/>): started on
/// a free loopback port it picks itself, killed with its whole tree on dispose, and ended by the
/// guard when the test host dies without disposing it.
/// </summary>
internal sealed class MongoEmulatorProcess : IAsyncDisposable
{
    public const string Python = "/usr/bin/python3";

    private const string ReadyLine = "BSTCHAT_MONGO_EMULATOR_READY ";

    // Starting Python and importing mongomock takes well under a second; this only ends a hang.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _errors = new();

    private MongoEmulatorProcess(Process process)
    {
        _process = process;
        process.ErrorDataReceived += (_, e) =>
        {
            lock (_errors)
            {
                _errors.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
    }

    /// <summary>The emulator's address, e.g. <c>mongodb://127.0.0.1:40123</c>.</summary>
    public string ConnectionString { get; private set; } = "";

    private static string Script => Path.Combine(AppContext.BaseDirectory, "MongoEmulator", "mongo_emulator.py");

    /// <summary>
    /// Why the emulator cannot run here, as a skip reason, or <see langword="null"/> when it can.
    /// Under <c>CI=true</c> a missing prerequisite throws instead: CI must run the Mongo suites,
    /// and a skip there would hide that they never ran.
    /// </summary>
    public static async Task<string?> FindSkipReasonAsync(CancellationToken cancellationToken)
    {
        if (await FindMissingPrerequisiteAsync(cancellationToken) is not { } missing)
        {
            return null;
        }

        var reason = $"MongoDB server tests need the MongoDB emulator (mongomock), and {missing}; or set {MongoServerFixture.UrlVariable} to a real server";
        return string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
            ? throw new InvalidOperationException($"CI=true: {reason}.")
            : reason;
    }

    /// <summary>Runs one of the emulator's own scripts to its end.</summary>
    /// <returns>Its exit code and everything it wrote.</returns>
    public static async Task<(int ExitCode, string Output)> RunScriptAsync(string script, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Python)
        {
            WorkingDirectory = Path.GetDirectoryName(Script)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        start.ArgumentList.Add(Path.Combine(Path.GetDirectoryName(Script)!, script));
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{Python} did not start.");
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            return (process.ExitCode, await output + await errors);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static async Task<string?> FindMissingPrerequisiteAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Python))
        {
            return $"{Python} does not exist";
        }

        var check = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        check.ArgumentList.Add("-c");
        check.ArgumentList.Add("import mongomock, pymongo");
        using var process = Process.Start(check) ?? throw new InvalidOperationException($"{Python} did not start.");
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode == 0
            ? null
            : $"{Python} cannot import mongomock and pymongo (apt-get install python3-mongomock python3-pymongo): {(await errors).Trim()}";
    }

    public static async Task<MongoEmulatorProcess> StartAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Python)
        {
            WorkingDirectory = Path.GetDirectoryName(Script)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Keeps the build output free of __pycache__ folders.
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        foreach (var argument in new[] { Script, "--host", "127.0.0.1", "--port", "0", "--watch-parent" })
        {
            start.ArgumentList.Add(argument);
        }

        var emulator = new MongoEmulatorProcess(OwnedProcess.Start(start));
        try
        {
            emulator.ConnectionString = "mongodb://" + await emulator.ReadAddressAsync(cancellationToken);
            return emulator;
        }
        catch
        {
            await emulator.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _process.KillTreeAsync();
        _process.Dispose();
    }

    private async Task<string> ReadAddressAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        while (await _process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith(ReadyLine, StringComparison.Ordinal))
            {
                return line[ReadyLine.Length..].Trim();
            }
        }

        await _process.WaitForExitAsync(CancellationToken.None);
        string errors;
        lock (_errors)
        {
            errors = _errors.ToString();
        }

        throw new InvalidOperationException($"The MongoDB emulator exited with code {_process.ExitCode} before it listened:\n{errors}");
    }
}
