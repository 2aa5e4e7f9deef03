using BstChat.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BstChat.AspNetCore.Http;

/// <summary>Answers every refusal as problem details, and a request the client abandoned with nothing.</summary>
internal sealed class ChatErrorFilter(ILogger<ChatErrorFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        try
        {
            return await next(context);
        }
        catch (ChatStoreUnavailableException e)
        {
            HttpLog.StoreUnavailable(logger, http.Request.Method, http.Request.Path, e);
            return ChatProblems.From(http, e);
        }
        catch (ChatException e)
        {
            var problem = ChatProblems.From(http, e);
            HttpLog.Refused(logger, http.Request.Method, http.Request.Path, problem.StatusCode, e.Code);
            return problem;
        }
        catch (HttpRequestError e)
        {
            HttpLog.Refused(logger, http.Request.Method, http.Request.Path, e.StatusCode, e.Code);
            return ChatProblems.From(e);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nobody is left to answer.
            return Results.Empty;
        }
    }
}
