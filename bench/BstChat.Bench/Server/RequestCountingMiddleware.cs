namespace BstChat.Bench.Server;

/// <summary>Feeds <see cref="RequestCounter"/> for every request outside <c>/bench</c>.</summary>
internal sealed class RequestCountingMiddleware(RequestDelegate next, RequestCounter counter)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/bench"))
        {
            counter.Increment();
        }

        return next(context);
    }
}
