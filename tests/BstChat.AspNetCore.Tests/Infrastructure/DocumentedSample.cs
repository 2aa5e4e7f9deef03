using System.Net;

namespace BstChat.AspNetCore.Tests.Infrastructure;

/// <summary>
/// The sample as its own process in Development (so it serves /openapi/v1.json), with chat in
/// memory, and its OpenAPI document saved to a file for the generators; both gone on dispose.
/// </summary>
internal sealed class DocumentedSample : IAsyncDisposable
{
    private DocumentedSample(SampleInstance sample, string documentPath) => (Sample, DocumentPath) = (sample, documentPath);

    public SampleInstance Sample { get; }

    public string DocumentPath { get; }

    /// <summary>The sample's base URL without the trailing slash, as the generated clients take it.</summary>
    public string BaseUrl => Sample.BaseAddress.ToString().TrimEnd('/');

    public static async Task<DocumentedSample> StartAsync()
    {
        var sample = await SampleInstance.StartAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Chat__Store"] = "InMemory",
        });
        try
        {
            using var http = new HttpClient { BaseAddress = sample.BaseAddress };
            using var response = await http.GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var path = Path.Combine(Path.GetTempPath(), $"bstchat-openapi-{Guid.NewGuid():N}.json");
            await File.WriteAllTextAsync(path, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);
            return new DocumentedSample(sample, path);
        }
        catch
        {
            await sample.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        File.Delete(DocumentPath);
        await Sample.DisposeAsync();
    }
}
