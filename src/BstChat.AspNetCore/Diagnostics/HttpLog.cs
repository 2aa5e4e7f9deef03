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
}
