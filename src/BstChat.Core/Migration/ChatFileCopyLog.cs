using Microsoft.Extensions.Logging;

namespace BstChat.Migration;

/// <summary>What <see cref="ChatFileCopier"/> logs.</summary>
internal static partial class ChatFileCopyLog
{
    [LoggerMessage(EventId = 1054, Level = LogLevel.Warning, Message = "File {FileId} in {ConversationId} is not copied: the source has no content for it.")]
    public static partial void ContentMissing(ILogger logger, string conversationId, string fileId);

    [LoggerMessage(EventId = 1055, Level = LogLevel.Information, Message = "File copy finished: {Files} files, {FilesWritten} records and {ContentWritten} contents written.")]
    public static partial void CopyFinished(ILogger logger, long files, long filesWritten, long contentWritten);
}
