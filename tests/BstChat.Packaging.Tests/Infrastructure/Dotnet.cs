using System.Diagnostics;
using System.Text;

namespace BstChat.Packaging.Tests.Infrastructure;

/// <summary>Runs the <c>dotnet</c> CLI as a developer would, and fails with its output when it fails.</summary>
internal static class Dotnet
{
    /// <summary>Long enough for a cold pack or restore on a busy two-core machine.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    public static Task<string> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        RunAsync(StartInfo(workingDirectory, environment, arguments), $"dotnet {string.Join(' ', arguments)}");

    /// <summary>
    /// Runs <paramref name="command"/> (made by <see cref="StartInfo"/> or <see cref="CommandStartInfo"/>) to its end; its
    /// output, or a failure that shows it. <paramref name="hangGuard"/> (default 10 minutes) only ends a command that hangs.
    /// </summary>
    public static async Task<string> RunAsync(ProcessStartInfo command, string description, TimeSpan? hangGuard = null)
    {
        using var process = OwnedProcess.Start(command);
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(hangGuard ?? Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            await process.KillTreeAsync();
            throw;
        }

        process.WaitForExit(); // drains the redirected output
        var text = Read(output);
        Assert.True(process.ExitCode == 0, $"{description} exited with {process.ExitCode}:\n{text}");
        return text;
    }

    /// <summary>
    /// A child <c>dotnet</c> that inherits nothing of the build that started this test run
    /// (MSBuild's own variables would point it at that build's SDK and node reuse).
    /// </summary>
    public static ProcessStartInfo StartInfo(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        CommandStartInfo("dotnet", workingDirectory, environment, arguments);

    /// <summary>Any program (such as a shell running <c>dotnet</c> commands) with the same clean environment as <see cref="StartInfo"/>.</summary>
    public static ProcessStartInfo CommandStartInfo(string fileName, string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(name);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        // Nothing of the build outlives it: no MSBuild nodes or compiler server left running.
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["UseSharedCompilation"] = "false";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        return info;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Read(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
