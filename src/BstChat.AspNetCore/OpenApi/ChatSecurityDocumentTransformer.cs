using BstChat.AspNetCore.Endpoints;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BstChat.AspNetCore.OpenApi;

/// <summary>Declares the host's security scheme and BstChat's tag, which <see cref="ChatOperationTransformer"/> requires on BstChat's signed-in operations.</summary>
internal sealed class ChatSecurityDocumentTransformer(ChatSecurityScheme scheme) : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes.TryAdd(scheme.Name, scheme.Create());
        document.Tags ??= new HashSet<OpenApiTag>();
        if (!document.Tags.Any(static t => t.Name == EndpointDocumentation.Tag))
        {
            document.Tags.Add(new OpenApiTag { Name = EndpointDocumentation.Tag, Description = "Chat: conversations, messages, the change feeds, typing and read markers." });
        }

        return Task.CompletedTask;
    }
}
