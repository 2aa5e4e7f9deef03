using System.Globalization;
using System.Text.Json.Nodes;
using BstChat.AspNetCore.Endpoints;
using BstChat.AspNetCore.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace BstChat.AspNetCore.OpenApi;

/// <summary>
/// Completes each BstChat operation from the metadata its endpoint carries: the query parameters
/// and JSON body its handler reads itself, the headers it sends, the problem codes of each error
/// as an enum, and the security requirement of a signed-in call. Other operations are left alone.
/// </summary>
internal sealed class ChatOperationTransformer(ChatSecurityScheme security) : IOpenApiOperationTransformer
{
    private const string ProblemJson = "application/problem+json";

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (!metadata.OfType<ChatEndpointMetadata>().Any())
        {
            return;
        }

        var options = context.ApplicationServices.GetRequiredService<IOptions<BstChatOptions>>().Value;
        foreach (var query in metadata.OfType<QueryParameterMetadata>())
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(Parameter(query, options));
        }

        if (metadata.OfType<RequestBodyMetadata>().FirstOrDefault() is { } body)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = body.Required,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = await BodySchemaAsync(body.BodyType, context, cancellationToken) },
                },
            };
        }

        if (metadata.OfType<FileBodyMetadata>().FirstOrDefault() is { } file)
        {
            operation.RequestBody = FileBody(file);
        }

        var headers = metadata.OfType<ResponseHeaderMetadata>().ToList();
        var problems = metadata.OfType<ProblemResponseMetadata>().ToList();
        foreach (var (key, entry) in operation.Responses ?? [])
        {
            if (entry is not OpenApiResponse response || !int.TryParse(key, CultureInfo.InvariantCulture, out var status))
            {
                continue;
            }

            response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            foreach (var header in headers.Where(h => h.StatusCode == status))
            {
                response.Headers[header.Name] = Header(header.Description, header.IsInteger);
            }

            if (status is StatusCodes.Status429TooManyRequests or StatusCodes.Status503ServiceUnavailable)
            {
                response.Headers["Retry-After"] = Header("Seconds to wait before trying again.", isInteger: true);
            }

            // An operation that declares its own caching (files, scripts) declares it per success; its refusals are no-store like every other answer.
            if (!headers.Any(h => h.Name == "Cache-Control" && h.StatusCode == status) && (status >= 400 || !headers.Any(static h => h.Name == "Cache-Control")))
            {
                response.Headers["Cache-Control"] = Header($"`{NoStoreFilter.CacheControl}`: one user's view of chat at one moment.", isInteger: false);
            }

            var codes = problems.Where(p => p.StatusCode == status).SelectMany(static p => p.Codes).Distinct(StringComparer.Ordinal).ToList();
            if (codes.Count > 0 && response.Content?.TryGetValue(ProblemJson, out var media) == true && media.Schema is { } problemSchema)
            {
                media.Schema = WithCodes(problemSchema, codes);
            }
        }

        // An anonymous operation (the client scripts) says so: no requirement at all.
        operation.Security = metadata.OfType<IAllowAnonymous>().Any()
            ? []
            : [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(security.Name, context.Document)] = [] }];
    }

    /// <summary>The body's schema as a named component, so generated clients get a named type for it.</summary>
    private static async Task<IOpenApiSchema> BodySchemaAsync(Type bodyType, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var schema = await context.GetOrCreateSchemaAsync(bodyType, null, cancellationToken);
        if (context.Document is not { } document)
        {
            return schema;
        }

        document.AddComponent(bodyType.Name, schema);
        return new OpenApiSchemaReference(bodyType.Name, document);
    }

    private static OpenApiRequestBody FileBody(FileBodyMetadata file) => new()
    {
        Required = true,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["multipart/form-data"] = new()
            {
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Required = new HashSet<string> { file.PartName },
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        [file.PartName] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "The file, with its name as the part's filename." },
                    },
                },
            },
        },
    };

    private static OpenApiParameter Parameter(QueryParameterMetadata query, BstChatOptions options) => new()
    {
        Name = query.Name,
        In = ParameterLocation.Query,
        Required = false,
        Description = query.Description,
        Schema = query.IsText
            ? new OpenApiSchema { Type = JsonSchemaType.String }
            : new OpenApiSchema
            {
                Type = JsonSchemaType.Integer,
                Format = "int64",
                Minimum = query.Minimum!.Value.ToString(CultureInfo.InvariantCulture),
                Maximum = query.Maximum?.Invoke(options).ToString(CultureInfo.InvariantCulture),
            },
    };

    private static OpenApiHeader Header(string description, bool isInteger) => new()
    {
        Description = description,
        Schema = new OpenApiSchema { Type = isInteger ? JsonSchemaType.Integer : JsonSchemaType.String },
    };

    /// <summary>The problem details schema, narrowed to the codes this status carries here.</summary>
    private static OpenApiSchema WithCodes(IOpenApiSchema problem, IReadOnlyList<string> codes) => new()
    {
        AllOf =
        [
            problem,
            new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Required = new HashSet<string> { "code" },
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. codes.Select(static c => (JsonNode)JsonValue.Create(c))] },
                },
            },
        ],
    };
}
