using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BstChat.AspNetCore.Http;

/// <summary>Turns refusals into RFC 7807 problem details carrying a stable <c>code</c>.</summary>
internal static class ChatProblems
{
    public static int StatusCodeOf(ChatErrorKind kind) => kind switch
    {
        ChatErrorKind.Invalid => StatusCodes.Status400BadRequest,
        ChatErrorKind.NotFound => StatusCodes.Status404NotFound,
        ChatErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        ChatErrorKind.Conflict => StatusCodes.Status409Conflict,
        ChatErrorKind.TooLarge => StatusCodes.Status413PayloadTooLarge,
        ChatErrorKind.UnsupportedType => StatusCodes.Status415UnsupportedMediaType,
        ChatErrorKind.Unprocessable => StatusCodes.Status422UnprocessableEntity,
        ChatErrorKind.RateLimited => StatusCodes.Status429TooManyRequests,
        ChatErrorKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    public static ProblemHttpResult From(HttpContext context, ChatException error)
    {
        if (error.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        return Create(StatusCodeOf(error.Kind), error.Code, error.Message);
    }

    public static ProblemHttpResult From(HttpRequestError error) => Create(error.StatusCode, error.Code, error.Message);

    private static ProblemHttpResult Create(int statusCode, string code, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: statusCode, extensions: new Dictionary<string, object?> { ["code"] = code });
}
