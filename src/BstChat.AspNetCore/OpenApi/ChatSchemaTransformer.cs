using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BstChat.AspNetCore.OpenApi;

/// <summary>
/// BstChat's schemas as its endpoints really read and write them: whole numbers are JSON numbers
/// only (BstChat's serializer never reads them from strings, whatever the host's JSON options say),
/// and problem details carry the stable <c>code</c> and the <c>traceId</c>.
/// </summary>
internal sealed class ChatSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var owner = context.JsonPropertyInfo?.DeclaringType ?? context.JsonTypeInfo.Type;
        if ((IsBstChats(owner) || owner == typeof(ProblemDetails))
            && schema.Type is { } type && type.HasFlag(JsonSchemaType.Integer) && type.HasFlag(JsonSchemaType.String))
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }

        // A text read with BstChat's own converter (kept verbatim) is still a JSON string, though
        // the exporter cannot see through the converter.
        if (IsBstChats(owner) && context.JsonPropertyInfo?.PropertyType == typeof(string) && schema.Type is null && schema.Properties is null)
        {
            schema.Type = JsonSchemaType.String;
        }

        if (context.JsonTypeInfo.Type == typeof(ProblemDetails) && context.JsonPropertyInfo is null)
        {
            schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
            schema.Properties["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "BstChat's stable code for the error; each operation lists its own." };
            schema.Properties["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request's trace id, as in the server's logs." };
        }

        return Task.CompletedTask;
    }

    private static bool IsBstChats(Type type) => type.Namespace?.StartsWith("BstChat", StringComparison.Ordinal) == true;
}
