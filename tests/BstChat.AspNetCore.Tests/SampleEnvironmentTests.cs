using System.Net;
using System.Net.Http.Json;
using BstChat.AspNetCore.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace BstChat.AspNetCore.Tests;

/// <summary>
/// The sample runs as Production unless asked otherwise: a failure shows no stack trace and the
/// OpenAPI document is not served. Development (<c>--launch-profile Development</c>) shows both.
/// </summary>
public sealed class SampleEnvironmentTests : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bstchat-sample-env-").FullName;

    [Theory]
    [InlineData(null, HttpStatusCode.NotFound)]
    [InlineData("Development", HttpStatusCode.OK)]
    public async Task Dotnet_run_starts_the_sample_as_Production_unless_the_Development_profile_is_chosen(string? launchProfile, HttpStatusCode openApi)
    {
        await using var sample = await SampleInstance.RunProjectAsync(new Dictionary<string, string> { ["Chat__Store"] = "InMemory" }, launchProfile);
        using var http = new HttpClient { BaseAddress = sample.BaseAddress };

        using var document = await http.GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken);

        Assert.True(document.StatusCode == openApi, $"/openapi/v1.json answered {(int)document.StatusCode}:\n{sample.Output}");
        Assert.Contains($"Hosting environment: {launchProfile ?? "Production"}", sample.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Production", HttpStatusCode.NotFound)]
    [InlineData("Development", HttpStatusCode.OK)]
    public async Task The_OpenAPI_document_is_served_in_Development_only(string environment, HttpStatusCode expected)
    {
        await using var site = SampleSite.Start(new Dictionary<string, string?> { ["Chat:Store"] = "InMemory" }, environment: environment);

        using var response = await site.CreateCookieClient().GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.OK)
        {
            Assert.Contains("/chat/conversations", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("Production", false)]
    [InlineData("Development", true)]
    public async Task A_failure_shows_its_stack_trace_in_Development_only(string environment, bool showsTrace)
    {
        var file = Path.Combine(_folder, $"{environment}.db");
        await using var site = SampleSite.Start(
            new Dictionary<string, string?> { ["ConnectionStrings:BstChat"] = $"Data Source={file};Default Timeout=10" }, environment: environment);
        var anna = await site.SignInAsync("anna");
        // The store loses its tables under the running site: the lessons page fails with an exception.
        SqliteConnection.ClearAllPools();
        File.Delete(file);

        using var response = await anna.GetAsync("/lessons", TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        SecurityHeaderAssert.HasSecurityHeaders(response, $"the 500 in {environment}");
        Assert.Equal(showsTrace, body.Contains("SqliteException", StringComparison.Ordinal));
        Assert.Equal(showsTrace, body.Contains(".cs:line", StringComparison.Ordinal) || body.Contains("LessonsPage", StringComparison.Ordinal));
        if (!showsTrace)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<ProblemBody>(TestContext.Current.CancellationToken);
            Assert.Equal(500, problem?.Status);
        }
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }

    private sealed record ProblemBody(int Status, string? Title);
}
