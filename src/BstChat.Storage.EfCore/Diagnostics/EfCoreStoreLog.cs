using Microsoft.Extensions.Logging;

namespace BstChat.Storage.EfCore.Diagnostics;

/// <summary>The EF Core store's log messages; event ids (2000 range) are stable.</summary>
internal static partial class EfCoreStoreLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Debug, Message = "Store contention during {Operation}; retrying in {DelayMs} ms (attempt {Attempt} of {MaxAttempts}).")]
    public static partial void RetryingAfterContention(ILogger logger, string operation, int delayMs, int attempt, int maxAttempts, Exception exception);

    // The cause is in the message itself: a console log shows an exception's inner causes only far below EF Core's generic "transient failure".
    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "BstChat could not reach the database during {Operation}: {Cause} Nothing was written.")]
    public static partial void StoreUnavailable(ILogger logger, string operation, string cause, Exception exception);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Debug, Message = "A batch of {Writes} writes was refused, possibly by a concurrent send of one of its client message ids; writing it once more.")]
    public static partial void ConcurrentReplayLost(ILogger logger, int writes, Exception exception);
}
