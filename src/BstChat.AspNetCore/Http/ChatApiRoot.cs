using Microsoft.AspNetCore.Http;

namespace BstChat.AspNetCore.Http;

/// <summary>
/// Where <c>MapBstChat</c> put the API, carried by every chat endpoint, so answers can link to the
/// API's own resources (a file's URL) as absolute paths a client follows as given.
/// </summary>
/// <param name="Prefix">The prefix given to <c>MapBstChat</c>, without a trailing slash.</param>
internal sealed record ChatApiRoot(string Prefix)
{
    /// <summary>The API's root for this request: the host's path base, then the prefix.</summary>
    public static string Of(HttpContext http) =>
        $"{http.Request.PathBase}{http.GetEndpoint()?.Metadata.GetMetadata<ChatApiRoot>()?.Prefix}";
}
