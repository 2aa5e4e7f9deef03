using Microsoft.Extensions.Logging;

namespace BstChat.Migration;

/// <summary>The copier's log messages; event ids (1050 block) are stable.</summary>
internal static partial class ChatStoreCopyLog
{
    [LoggerMessage(EventId = 1050, Level = LogLevel.Information, Message = "Copying {Conversations} conversations and {Messages} messages.")]
    public static partial void CopyStarting(ILogger logger, long conversations, long messages);

    [LoggerMessage(EventId = 1051, Level = LogLevel.Debug, Message = "Conversation {ConversationId} copied: {MessagesWritten} of {Messages} messages written.")]
    public static partial void ConversationCopied(ILogger logger, string conversationId, long messagesWritten, long messages);

    [LoggerMessage(EventId = 1052, Level = LogLevel.Information, Message = "Copy finished: {Conversations} conversations, {MessagesWritten} of {Messages} messages written.")]
    public static partial void CopyFinished(ILogger logger, long conversations, long messagesWritten, long messages);

    [LoggerMessage(EventId = 1053, Level = LogLevel.Warning, Message = "The copy differs from its source: {Difference}")]
    public static partial void Difference(ILogger logger, string difference);
}
