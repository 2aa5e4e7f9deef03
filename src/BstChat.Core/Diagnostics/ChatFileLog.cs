using Microsoft.Extensions.Logging;

namespace BstChat.Diagnostics;

/// <summary>The file features' log messages; event ids are stable.</summary>
internal static partial class ChatFileLog
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Debug, Message = "File {FileId} ({ContentType}, {Size} bytes) uploaded to {ConversationId}.")]
    public static partial void Uploaded(ILogger logger, string conversationId, string fileId, string contentType, long size);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "The file scanner refused an upload of user {UserId} to {ConversationId}: {Reason}")]
    public static partial void Refused(ILogger logger, string conversationId, string userId, string reason);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "File {FileId} could not be cleaned up after its upload failed; the sweeper will remove it.")]
    public static partial void LeftForSweeper(ILogger logger, string fileId, Exception exception);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Debug, Message = "The file sweeper removed {Removed} files and settled {Settled} claims.")]
    public static partial void Swept(ILogger logger, int removed, int settled);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Warning, Message = "The file sweeper failed; it tries again in {Interval}.")]
    public static partial void SweepFailed(ILogger logger, TimeSpan interval, Exception exception);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Information, Message = "Deleted {Count} staged uploads a stopped process left in {Directory}.")]
    public static partial void AbandonedStagingDeleted(ILogger logger, int count, string directory);
}
