using Microsoft.AspNetCore.Http;

namespace BstChat.AspNetCore.Http;

/// <summary>
/// Marks every API answer <c>Cache-Control: private, no-store</c> before the endpoint runs: each
/// is one user's view of chat at one moment, which neither a shared proxy nor the browser's back
/// button may show again. An endpoint that sets its own (the client scripts) overrides it.
/// </summary>
/// <remarks>Not async: it adds no frame of its own to the request.</remarks>
internal sealed class NoStoreFilter : IEndpointFilter
{
    /// <summary>The header value, for the endpoints outside the filter that set it themselves.</summary>
    public const string CacheControl = "private, no-store";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        context.HttpContext.Response.Headers.CacheControl = CacheControl;
        return next(context);
    }
}
