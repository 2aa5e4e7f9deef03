using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BstChat.AspNetCore.Diagnostics;

/// <summary>The HTTP layer's log messages; event ids are stable.</summary>
internal static partial class HttpLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Chat store unavailable while serving {Method} {Path}; answered 503.")]
    public static partial void StoreUnavailable(ILogger logger, string method, PathString path, Exception exception);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Debug, Message = "Chat request {Method} {Path} refused with {StatusCode} {Code}.")]
    public static partial void Refused(ILogger logger, string method, PathString path, int statusCode, string code);

    // Written by BstChat.Core before the limits moved to the endpoints; the id is kept.
    [LoggerMessage(EventId = 1023, Level = LogLevel.Debug, Message = "User {UserId} is over the {Policy} rate limit; the request was refused.")]
    public static partial void RateLimited(ILogger logger, string userId, string policy);
}
