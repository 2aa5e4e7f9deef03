using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BstChat.AspNetCore.OpenApi;

/// <summary>
/// BstChat's schemas as its endpoints really read and write them: whole numbers are JSON numbers
/// only (BstChat's serializer never reads them from strings, whatever the host's JSON options say),
/// and problem details carry the <c>traceId</c>. Their stable <c>code</c> is declared per operation
/// and status, as an enum (<see cref="ChatOperationTransformer"/>), not here as well: generators
/// such as Kiota drop a property that two parts of an <c>allOf</c> declare differently.
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
            schema.Properties["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request's trace id, as in the server's logs." };
        }

        return Task.CompletedTask;
    }

    private static bool IsBstChats(Type type) => type.Namespace?.StartsWith("BstChat", StringComparison.Ordinal) == true;
}
