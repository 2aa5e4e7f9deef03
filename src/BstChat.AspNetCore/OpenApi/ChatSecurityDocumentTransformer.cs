using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BstChat.AspNetCore.OpenApi;

/// <summary>Declares the host's security scheme, which <see cref="ChatOperationTransformer"/> requires on BstChat's signed-in operations.</summary>
internal sealed class ChatSecurityDocumentTransformer(ChatSecurityScheme scheme) : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes.TryAdd(scheme.Name, scheme.Create());
        return Task.CompletedTask;
    }
}
