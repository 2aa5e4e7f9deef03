using System.Net;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using BstChat.AspNetCore.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

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
    private JsonElement _document;

    public async ValueTask InitializeAsync()
    {
        _site = SampleSite.Start(new Dictionary<string, string?> { ["Chat:Store"] = "InMemory" }, environment: "Development");
        using var response = await _site.CreateCookieClient().GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        _document = document.RootElement.Clone();
        _paths = _document.GetProperty("paths");
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

    [Theory]
    [InlineData("/chat/conversations/{conversationId}/messages", "POST", "SendMessageRequest", true)]
    [InlineData("/chat/conversations/{conversationId}/messages/{messageId}", "PATCH", "EditMessageRequest", true)]
    [InlineData("/chat/conversations/{conversationId}/read", "POST", "MarkReadRequest", true)]
    [InlineData("/chat/conversations/{conversationId}/typing", "POST", "TypingRequest", false)]
    public void Every_write_documents_its_JSON_body(string path, string method, string schemaName, bool required)
    {
        var body = Operation(path, method).GetProperty("requestBody");

        Assert.Equal(required, body.TryGetProperty("required", out var isRequired) && isRequired.GetBoolean());
        var schema = Resolve(body.GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        Assert.Equal(schemaName, SchemaName(body.GetProperty("content").GetProperty("application/json").GetProperty("schema")));
        if (schemaName != "TypingRequest")
        {
            Assert.True(schema.GetProperty("properties").EnumerateObject().Any(), $"{schemaName} documents no property.");
        }
    }

    [Fact]
    public void A_send_documents_text_as_a_required_string_and_the_client_message_id_as_optional()
    {
        var schema = Resolve(Operation("/chat/conversations/{conversationId}/messages", "POST")
            .GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema"));

        Assert.Equal("string", schema.GetProperty("properties").GetProperty("text").GetProperty("type").GetString());
        Assert.Equal(["text"], schema.GetProperty("required").EnumerateArray().Select(static r => r.GetString()));
    }

    [Theory]
    [InlineData("/chat/conversations/{conversationId}/changes", "wait", 0, nameof(BstChatOptions.MaxWait))]
    [InlineData("/chat/changes", "wait", 0, nameof(BstChatOptions.MaxWait))]
    [InlineData("/chat/conversations/{conversationId}/messages", "limit", 1, nameof(BstChatOptions.MaxPageSize))]
    [InlineData("/chat/conversations/{conversationId}/messages", "before", 1, null)]
    public void Whole_number_query_parameters_document_the_range_the_server_accepts(string path, string name, long minimum, string? maximumOption)
    {
        var options = _site.Services.GetRequiredService<IOptions<BstChatOptions>>().Value;
        long? maximum = maximumOption switch
        {
            nameof(BstChatOptions.MaxWait) => (long)options.MaxWait.TotalSeconds,
            nameof(BstChatOptions.MaxPageSize) => options.MaxPageSize,
            _ => null,
        };
        var parameter = Parameter(Operation(path, "GET"), name);
        var schema = parameter.GetProperty("schema");

        Assert.Equal("query", parameter.GetProperty("in").GetString());
        Assert.Equal("integer", schema.GetProperty("type").GetString());
        Assert.Equal(minimum, schema.GetProperty("minimum").GetInt64());
        Assert.Equal(maximum, schema.TryGetProperty("maximum", out var max) ? max.GetInt64() : null);
    }

    [Theory]
    [InlineData("/chat/conversations/{conversationId}/changes")]
    [InlineData("/chat/changes")]
    public void Feeds_document_their_cursor(string path) =>
        Assert.Equal("string", Parameter(Operation(path, "GET"), "cursor").GetProperty("schema").GetProperty("type").GetString());

    [Fact]
    public void Responses_document_the_headers_they_send()
    {
        var send = Operation("/chat/conversations/{conversationId}/messages", "POST");
        Assert.True(Headers(send, StatusCodes.Status201Created).TryGetProperty("Location", out _), "A send's 201 documents no Location.");

        foreach (var (path, method, _) in ChatEndpoints())
        {
            foreach (var (status, _) in Responses(Operation(path, method)))
            {
                if (status is StatusCodes.Status429TooManyRequests or StatusCodes.Status503ServiceUnavailable)
                {
                    Assert.True(Headers(Operation(path, method), status).TryGetProperty("Retry-After", out var retryAfter), $"{method} {path} {status} documents no Retry-After.");
                    Assert.Equal("integer", retryAfter.GetProperty("schema").GetProperty("type").GetString());
                }

                if (!path.EndsWith(".js", StringComparison.Ordinal))
                {
                    Assert.True(Headers(Operation(path, method), status).TryGetProperty("Cache-Control", out _), $"{method} {path} {status} documents no Cache-Control.");
                }
            }
        }
    }

    [Fact]
    public void Each_error_lists_its_problem_codes_as_a_required_enum()
    {
        foreach (var (path, method, _) in ChatEndpoints().Where(static e => !e.Path.EndsWith(".js", StringComparison.Ordinal)))
        {
            foreach (var (status, response) in Responses(Operation(path, method)).Where(static r => r.Status >= 400))
            {
                var schema = response.GetProperty("content").GetProperty("application/problem+json").GetProperty("schema");
                var parts = schema.GetProperty("allOf").EnumerateArray().ToList();
                Assert.Equal("ProblemDetails", SchemaName(parts[0]));
                var code = parts[1].GetProperty("properties").GetProperty("code");
                Assert.Equal(
                    CodesIn(response.GetProperty("description").GetString()!),
                    code.GetProperty("enum").EnumerateArray().Select(static c => c.GetString()!).ToList());
                Assert.Contains("code", parts[1].GetProperty("required").EnumerateArray().Select(static r => r.GetString()));
            }
        }

        // The code is the operation's enum alone: a second, wider declaration in ProblemDetails would make generators drop it.
        var problemDetails = _document.GetProperty("components").GetProperty("schemas").GetProperty("ProblemDetails").GetProperty("properties");
        Assert.False(problemDetails.TryGetProperty("code", out _));
        Assert.True(problemDetails.TryGetProperty("traceId", out _));
    }

    [Fact]
    public void Whole_numbers_are_integers_not_strings()
    {
        var offenders = new List<string>();
        Walk(_document, "#", offenders);

        Assert.Empty(offenders);

        static void Walk(JsonElement element, string at, List<string> offenders)
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                if (element.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.Array
                    && type.EnumerateArray().Any(static t => t.GetString() == "integer") && type.EnumerateArray().Any(static t => t.GetString() == "string")
                    && (at.Contains("/chat/", StringComparison.Ordinal) || at.Contains("Response", StringComparison.Ordinal) || at.Contains("ProblemDetails", StringComparison.Ordinal) || at.Contains("Request", StringComparison.Ordinal)))
                {
                    offenders.Add(at);
                }

                foreach (var property in element.EnumerateObject())
                {
                    Walk(property.Value, $"{at}/{property.Name}", offenders);
                }
            }
            else if (element.ValueKind == JsonValueKind.Array)
            {
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, $"{at}/{i++}", offenders);
                }
            }
        }
    }

    [Fact]
    public void Signed_in_operations_require_the_hosts_scheme_and_the_client_scripts_none()
    {
        var scheme = _document.GetProperty("components").GetProperty("securitySchemes").GetProperty("cookie");
        Assert.Equal("apiKey", scheme.GetProperty("type").GetString());
        Assert.Equal("cookie", scheme.GetProperty("in").GetString());

        foreach (var (path, method, _) in ChatEndpoints())
        {
            var operation = Operation(path, method);
            var isScript = path.EndsWith(".js", StringComparison.Ordinal);
            var schemes = operation.TryGetProperty("security", out var security)
                ? security.EnumerateArray().SelectMany(static r => r.EnumerateObject().Select(static s => s.Name)).ToList()
                : [];
            Assert.Equal(isScript ? [] : ["cookie"], schemes);
        }
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

    private static JsonElement Parameter(JsonElement operation, string name) =>
        Assert.Single(operation.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == name);

    private static JsonElement Headers(JsonElement operation, int status) =>
        Responses(operation).Single(r => r.Status == status).Response.GetProperty("headers");

    private static string SchemaName(JsonElement schema) => schema.GetProperty("$ref").GetString()!.Split('/')[^1];

    private JsonElement Resolve(JsonElement schema) =>
        _document.GetProperty("components").GetProperty("schemas").GetProperty(SchemaName(schema));

    private static List<string> CodesIn(string description) =>
        BacktickedCode().Matches(description).Select(m => m.Groups[1].Value).ToList();

    [GeneratedRegex("`([a-z_]+)`")]
    private static partial Regex BacktickedCode();
}
