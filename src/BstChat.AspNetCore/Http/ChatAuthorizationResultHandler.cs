using BstChat.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BstChat.AspNetCore.Http;

/// <summary>
/// Answers a call to a BstChat endpoint that the host's authorization refused
/// (<c>.RequireAuthorization()</c> or a policy) with problem details: 401 <c>unauthenticated</c>
/// or 403 <c>not_allowed</c>, whatever the host's scheme would otherwise have sent (a cookie
/// scheme's redirect to its sign-in page, a bearer scheme's empty 401). Every other endpoint, and
/// every call it allows, goes to the host's own handler unchanged.
/// </summary>
/// <remarks>
/// The scheme still challenges or forbids first, so what it adds to the headers stays: a bearer
/// scheme's <c>WWW-Authenticate</c> in particular. Only the status, a redirect's
/// <c>Location</c> and the body are replaced. A scheme that writes a response of its own (a
/// JwtBearer <c>OnChallenge</c> that calls <c>HandleResponse()</c> and writes) is left as it wrote it.
/// </remarks>
internal sealed class ChatAuthorizationResultHandler(IAuthorizationMiddlewareResultHandler inner, ILogger<ChatAuthorizationResultHandler> logger)
    : IAuthorizationMiddlewareResultHandler
{
    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        await inner.HandleAsync(next, context, policy, authorizeResult);
        var refused = authorizeResult.Challenged || authorizeResult.Forbidden;
        if (!refused || context.Response.HasStarted || context.GetEndpoint()?.Metadata.GetMetadata<ChatEndpointMetadata>() is null)
        {
            return;
        }

        var error = authorizeResult.Forbidden
            ? new HttpRequestError(StatusCodes.Status403Forbidden, ChatErrorCodes.NotAllowed, "The site does not allow this user to use chat.")
            : new HttpRequestError(StatusCodes.Status401Unauthorized, ChatErrorCodes.Unauthenticated, "Sign in to use chat.");
        var response = context.Response;
        response.StatusCode = error.StatusCode;
        response.Headers.Remove("Location");
        response.Headers.CacheControl = NoStoreFilter.CacheControl;
        HttpLog.Refused(logger, context.Request.Method, context.Request.Path, error.StatusCode, error.Code);
        await ChatProblems.From(error).ExecuteAsync(context);
    }
}
