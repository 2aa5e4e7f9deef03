using BstChat.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BstChat.AspNetCore.Http;

/// <summary>Answers every refusal as problem details, and a request the client abandoned with nothing.</summary>
internal sealed class ChatErrorFilter(ILogger<ChatErrorFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception e) when (Answers(context.HttpContext, e))
        {
            return Answer(context.HttpContext, e);
        }
    }

    /// <summary>Whether <paramref name="exception"/> is a refusal (or the client leaving) that <see cref="Answer"/> turns into a response.</summary>
    public static bool Answers(HttpContext http, Exception exception) =>
        exception is ChatException or HttpRequestError
        || (exception is OperationCanceledException && http.RequestAborted.IsCancellationRequested);

    /// <summary>The response to a refusal <see cref="Answers"/> accepts, logged.</summary>
    public IResult Answer(HttpContext http, Exception exception)
    {
        switch (exception)
        {
            case ChatStoreUnavailableException e:
                HttpLog.StoreUnavailable(logger, http.Request.Method, http.Request.Path, e);
                return ChatProblems.From(http, e);
            case ChatException e:
                var problem = ChatProblems.From(http, e);
                HttpLog.Refused(logger, http.Request.Method, http.Request.Path, problem.StatusCode, e.Code);
                return problem;
            case HttpRequestError e:
                HttpLog.Refused(logger, http.Request.Method, http.Request.Path, e.StatusCode, e.Code);
                return ChatProblems.From(e);
            default:
                // The client went away; nobody is left to answer.
                return Results.Empty;
        }
    }
}
