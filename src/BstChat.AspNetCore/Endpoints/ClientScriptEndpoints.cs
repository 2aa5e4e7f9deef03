using BstChat.AspNetCore.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace BstChat.AspNetCore.Endpoints;

/// <summary>
/// The browser modules (<see cref="ClientScript.FileNames"/>: the client <c>bstchat.js</c>, the
/// <c>&lt;bst-chat&gt;</c> and <c>&lt;bst-inbox&gt;</c> widgets and the modules they share), anonymous
/// and revalidated by ETag so an upgrade reaches browsers at once.
/// </summary>
internal static class ClientScriptEndpoints
{
    public static void Map(IEndpointRouteBuilder group)
    {
        foreach (var fileName in ClientScript.FileNames)
        {
            group.MapGet($"/{fileName}", (HttpContext http) => GetScript(http, ClientScript.Get(fileName)))
                .WithName($"BstChat.GetClientScript.{fileName}")
                .Describe($"The browser client {fileName}", "An ES module; revalidated by ETag (If-None-Match answers 304).")
                .Produces<string>(StatusCodes.Status200OK, "text/javascript")
                .SendsHeader(StatusCodes.Status200OK, "ETag", "The script's version, for If-None-Match.")
                .SendsHeader(StatusCodes.Status200OK, "Cache-Control", "public, no-cache: kept, and revalidated before each use.")
                .Produces(StatusCodes.Status304NotModified)
                .AllowAnonymous();
        }
    }

    private static IResult GetScript(HttpContext http, ClientScript script)
    {
        var headers = http.Response.Headers;
        headers.ETag = script.ETag;
        headers.CacheControl = "public, no-cache";
        headers.XContentTypeOptions = "nosniff";
        if (MatchesCurrent(http.Request, script.ETag))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Bytes(script.Content, "text/javascript; charset=utf-8");
    }

    /// <summary>
    /// If-None-Match as RFC 9110 has it: a list of tags or <c>*</c>, compared weakly, so a tag a
    /// proxy weakened to <c>W/"…"</c> still matches.
    /// </summary>
    private static bool MatchesCurrent(HttpRequest request, string etag)
    {
        var current = new EntityTagHeaderValue(etag);
        return request.GetTypedHeaders().IfNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(current, useStrongComparison: false));
    }
}
