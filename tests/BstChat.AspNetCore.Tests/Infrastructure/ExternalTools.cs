using System.Diagnostics;

namespace BstChat.AspNetCore.Tests.Infrastructure;

/// <summary>
/// Runs the tools the generated-client and lint tests use, as owned processes that end with the
/// test: npm tools a test folder pins (tests/BstChat.OpenApi.Lint, tests/BstChat.GeneratedClient.Tests),
/// installed there by ./test.sh with <c>npm ci</c>, and <c>node</c> or <c>dotnet</c> themselves.
/// </summary>
internal static class ExternalTools
{
    /// <summary>A hang guard only: a restore and build from the package registry takes a minute or two.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    /// <summary>The folder under tests/ of that name.</summary>
    public static string Folder(string name) => Path.Combine(RepositoryRoot(), "tests", name);

    /// <summary>Runs an npm tool installed in <paramref name="folder"/>'s node_modules; skipped (failed under CI) when it is not installed.</summary>
    public static Task<(int ExitCode, string Output)> NpmToolAsync(string folder, string tool, params string[] arguments)
    {
        var executable = Path.Combine(folder, "node_modules", ".bin", tool);
        if (!File.Exists(executable))
        {
            Requirement.Missing(tool, $"{executable} is not installed (npm ci --prefix {folder}; ./test.sh does it).");
        }

        return RunAsync(folder, executable, arguments);
    }

    /// <summary>Runs <paramref name="fileName"/> in <paramref name="folder"/>: its exit code and everything it wrote.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string folder, string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
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
        start.Environment["KIOTA_OFFLINE_ENABLED"] = "true";
        start.Environment["KIOTA_TUTORIAL_ENABLED"] = "false";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
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
