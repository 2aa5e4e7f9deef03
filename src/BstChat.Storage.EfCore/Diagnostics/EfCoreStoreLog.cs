using Microsoft.Extensions.Logging;

namespace BstChat.Storage.EfCore.Diagnostics;

/// <summary>The EF Core store's log messages; event ids (2000 range) are stable.</summary>
internal static partial class EfCoreStoreLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Debug, Message = "Store contention during {Operation}; retrying in {DelayMs} ms (attempt {Attempt} of {MaxAttempts}).")]
    public static partial void RetryingAfterContention(ILogger logger, string operation, int delayMs, int attempt, int maxAttempts, Exception exception);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "The chat store was unavailable during {Operation}; nothing was written.")]
    public static partial void StoreUnavailable(ILogger logger, string operation, Exception exception);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Debug, Message = "A batch of {Writes} writes was refused, possibly by a concurrent send of one of its client message ids; writing it once more.")]
    public static partial void ConcurrentReplayLost(ILogger logger, int writes, Exception exception);
}
