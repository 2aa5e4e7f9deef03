using Microsoft.Extensions.Logging;

namespace BstChat.Redis.Diagnostics;

/// <summary>The Redis backplane's log messages; event ids are stable.</summary>
internal static partial class RedisBackplaneLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning,
        Message = "Redis backplane unavailable ({Reason}); until it returns, changes reach other instances by the store re-check, and typing and presence are seen per instance only.")]
    public static partial void Unavailable(ILogger logger, string reason, Exception? exception);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Redis backplane connected again; notifications, typing and presence are shared between instances.")]
    public static partial void Restored(ILogger logger);
}
