using System.Net;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using BstChat.AspNetCore.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BstChat.AspNetCore.Tests;

/// <summary>
/// The sample's <c>/openapi/v1.json</c>, built from the endpoint metadata MapBstChat() adds:
/// every mapped chat endpoint is in it with its success shape and the problem codes it can answer.
/// The sample serves it in Development only, so that is how it runs here.
/// </summary>
public sealed partial class OpenApiDocumentTests : IAsyncLifetime
{
    // Codes only the host's server-side API (IChatService) can raise, never an HTTP call.
    private static readonly string[] HostOnlyCodes = [ChatErrorCodes.MemberNotFound, ChatErrorCodes.InvalidName];

    private SampleSite _site = null!;
    private JsonElement _paths;

    public async ValueTask InitializeAsync()
    {
        _site = SampleSite.Start(new Dictionary<string, string?> { ["Chat:Store"] = "InMemory" }, environment: "Development");
        using var response = await _site.CreateCookieClient().GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        _paths = document.RootElement.GetProperty("paths").Clone();
    }

    public ValueTask DisposeAsync() => _site.DisposeAsync();

    [Fact]
    public void Every_mapped_chat_endpoint_is_documented_with_its_method_and_a_success_response()
    {
        var endpoints = ChatEndpoints().ToList();
        Assert.True(endpoints.Count >= 12, $"Only {endpoints.Count} chat endpoints were found under /chat.");

        foreach (var (path, method, _) in endpoints)
        {
            var operation = Operation(path, method);
            var successes = Responses(operation).Where(r => r.Status is >= 200 and < 400).ToList();
            Assert.True(successes.Count > 0, $"{method} {path} documents no success response.");
            foreach (var (status, response) in successes)
            {
                if (status is StatusCodes.Status204NoContent or StatusCodes.Status304NotModified)
                {
                    Assert.False(response.TryGetProperty("content", out _), $"{method} {path} {status} documents a body.");
                    continue;
                }

                var content = Assert.Single(response.GetProperty("content").EnumerateObject());
                Assert.True(content.Value.TryGetProperty("schema", out _), $"{method} {path} {status} documents no schema.");
            }
        }
    }

    [Fact]
    public void Every_error_response_is_problem_details_listing_the_codes_the_endpoint_declares()
    {
        var knownCodes = typeof(ChatErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToHashSet(StringComparer.Ordinal);
        var documentedCodes = new HashSet<string>(StringComparer.Ordinal);

        foreach (var (path, method, endpoint) in ChatEndpoints())
        {
            var operation = Operation(path, method);
            var problems = Responses(operation).Where(r => r.Status >= 400).ToList();
            var isScript = path.EndsWith(".js", StringComparison.Ordinal);
            Assert.True(isScript || problems.Any(p => p.Status == StatusCodes.Status401Unauthorized), $"{method} {path} documents no 401.");

            foreach (var (status, response) in problems)
            {
                Assert.True(response.GetProperty("content").TryGetProperty("application/problem+json", out _), $"{method} {path} {status} is not problem details.");
                var codes = CodesIn(response.GetProperty("description").GetString()!);
                Assert.True(codes.Count > 0, $"{method} {path} {status} lists no problem code.");
                Assert.All(codes, code => Assert.Contains(code, knownCodes));
                documentedCodes.UnionWith(codes);
            }

            // What the document says is what MapBstChat() declared, status by status.
            var declared = endpoint.Metadata.OfType<Microsoft.AspNetCore.Mvc.ProducesResponseTypeAttribute>()
                .Where(m => m.StatusCode >= 400)
                .ToDictionary(m => m.StatusCode, m => CodesIn(m.Description!));
            Assert.Equal(declared.Keys.Order(), problems.Select(p => p.Status).Order());
            Assert.All(problems, p => Assert.Equal(declared[p.Status], CodesIn(p.Response.GetProperty("description").GetString()!)));
        }

        Assert.Equal(knownCodes.Except(HostOnlyCodes).Order(StringComparer.Ordinal), documentedCodes.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_long_poll_answer_is_documented_with_its_fields()
    {
        var changes = Operation("/chat/conversations/{conversationId}/changes", "GET");
        var schema = Responses(changes).Single(r => r.Status == StatusCodes.Status200OK).Response
            .GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString();

        Assert.Equal("#/components/schemas/ChangesResponse", schema);
        Assert.Contains(StatusCodes.Status429TooManyRequests, Responses(changes).Select(r => r.Status));
    }

    private IEnumerable<(string Path, string Method, RouteEndpoint Endpoint)> ChatEndpoints() =>
        _site.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/chat/", StringComparison.Ordinal) == true)
            .SelectMany(e => e.Metadata.GetRequiredMetadata<HttpMethodMetadata>().HttpMethods.Select(m => (e.RoutePattern.RawText!, m, e)));

    private JsonElement Operation(string path, string method)
    {
        Assert.True(_paths.TryGetProperty(path, out var item), $"{path} is not in the OpenAPI document.");
        Assert.True(item.TryGetProperty(method.ToLowerInvariant(), out var operation), $"{method} {path} is not in the OpenAPI document.");
        return operation;
    }

    private static IEnumerable<(int Status, JsonElement Response)> Responses(JsonElement operation) =>
        operation.GetProperty("responses").EnumerateObject().Select(r => (int.Parse(r.Name, System.Globalization.CultureInfo.InvariantCulture), r.Value));

    private static List<string> CodesIn(string description) =>
        BacktickedCode().Matches(description).Select(m => m.Groups[1].Value).ToList();

    [GeneratedRegex("`([a-z_]+)`")]
    private static partial Regex BacktickedCode();
}
