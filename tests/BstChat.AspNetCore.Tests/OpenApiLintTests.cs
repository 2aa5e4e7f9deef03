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
    private static readonly string LintFolder = ExternalTools.Folder("BstChat.OpenApi.Lint");

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

    private static Task<(int ExitCode, string Output)> LintAsync(string tool, params string[] arguments) =>
        ExternalTools.NpmToolAsync(LintFolder, tool, arguments);
}
