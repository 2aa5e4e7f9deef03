using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BstChat.Sample.Hosting;

/// <summary>What the sample's document says about itself: a description, and server URLs as linters expect them.</summary>
internal sealed class SampleOpenApiDocument : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Description = "The BstChat sample lesson site's chat API, under /chat.";
        foreach (var server in document.Servers ?? [])
        {
            // The request's base URL ends in a slash, which the paths (each starting with one) would double.
            server.Url = server.Url?.TrimEnd('/');
        }

        return Task.CompletedTask;
    }
}
