using System.Diagnostics;

namespace BstChat.AspNetCore.Tests.Infrastructure;

/// <summary>
/// Runs the npm tools a test folder pins (tests/BstChat.OpenApi.Lint, tests/BstChat.GeneratedClient.Tests),
/// installed there by ./test.sh with <c>npm ci</c>, as owned processes that end with the test.
/// </summary>
internal static class NodeTools
{
    /// <summary>A hang guard only: each tool finishes in seconds.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    /// <summary>The folder under tests/ holding <paramref name="name"/>'s package.json.</summary>
    public static string Folder(string name) => Path.Combine(RepositoryRoot(), "tests", name);

    /// <summary>Runs <paramref name="executable"/> (a path under the folder, or <c>node</c>) in <paramref name="folder"/>; its exit code and everything it wrote.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string folder, string executable, params string[] arguments)
    {
        if (executable != "node" && !File.Exists(Path.Combine(folder, executable)))
        {
            Requirement.Missing(executable, $"{Path.Combine(folder, executable)} is not installed (npm ci --prefix {folder}; ./test.sh does it).");
        }

        var start = new ProcessStartInfo(executable == "node" ? "node" : Path.Combine(folder, executable))
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // No tool may phone home for telemetry or updates from CI.
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        using var process = OwnedProcess.Start(start);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(Timeout, TestContext.Current.CancellationToken);
            return (process.ExitCode, await stdout + await stderr);
        }
        finally
        {
            await process.KillTreeAsync();
        }
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "BstChat.Lib.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("BstChat.Lib.sln not found above the test output.");
    }
}
