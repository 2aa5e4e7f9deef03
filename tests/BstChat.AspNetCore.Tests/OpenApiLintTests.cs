using System.Diagnostics;
using System.Net;
using BstChat.AspNetCore.Tests.Infrastructure;

namespace BstChat.AspNetCore.Tests;

/// <summary>
/// The sample's <c>/openapi/v1.json</c> through linters nobody here wrote, with their own rule sets
/// unchanged (Redocly's recommended, Spectral's <c>spectral:oas</c>): no errors. The linters are
/// pinned in tests/BstChat.OpenApi.Lint, which ./test.sh installs with <c>npm ci</c>.
/// </summary>
public sealed class OpenApiLintTests : IAsyncLifetime
{
    /// <summary>A hang guard only: each linter reads one document in well under a second.</summary>
    private static readonly TimeSpan LintTimeout = TimeSpan.FromMinutes(3);

    private static readonly string LintFolder = Path.Combine(RepositoryRoot(), "tests", "BstChat.OpenApi.Lint");

    private readonly string _document = Path.Combine(Path.GetTempPath(), $"bstchat-openapi-{Guid.NewGuid():N}.json");

    public async ValueTask InitializeAsync()
    {
        await using var site = SampleSite.Start(new Dictionary<string, string?> { ["Chat:Store"] = "InMemory" }, environment: "Development");
        using var response = await site.CreateCookieClient().GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await File.WriteAllTextAsync(_document, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        File.Delete(_document);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Redocly_finds_no_error()
    {
        var (exitCode, output) = await LintAsync("redocly", "lint", _document, "--config", Path.Combine(LintFolder, "redocly.yaml"), "--format", "summary");

        Assert.True(exitCode == 0, $"redocly lint exited with {exitCode}:\n{output}");
        Assert.Contains("valid", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Spectral_finds_no_error()
    {
        var (exitCode, output) = await LintAsync("spectral", "lint", _document, "--ruleset", Path.Combine(LintFolder, ".spectral.yaml"), "--fail-severity", "error");

        Assert.True(exitCode == 0, $"spectral lint exited with {exitCode}:\n{output}");
        Assert.Contains("0 errors", output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> LintAsync(string tool, params string[] arguments)
    {
        var executable = Path.Combine(LintFolder, "node_modules", ".bin", tool);
        if (!File.Exists(executable))
        {
            Requirement.Missing(tool, $"{executable} is not installed (npm ci --prefix {LintFolder}; ./test.sh does it).");
        }

        var start = new ProcessStartInfo(executable) { WorkingDirectory = LintFolder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Neither may phone home for telemetry or updates from CI.
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        using var process = OwnedProcess.Start(start);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(LintTimeout, TestContext.Current.CancellationToken);
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
