using Microsoft.Extensions.Logging;

namespace BstChat.Diagnostics;

/// <summary>Core's log messages; event ids are stable.</summary>
internal static partial class ChatLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Conversation {ConversationId} created.")]
    public static partial void ConversationCreated(ILogger logger, string conversationId);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "User {UserId} joined conversation {ConversationId} as {Role}.")]
    public static partial void MemberAdded(ILogger logger, string conversationId, string userId, MemberRole role);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "User {UserId} of conversation {ConversationId} is now {Role}, or has a new display name.")]
    public static partial void MemberUpdated(ILogger logger, string conversationId, string userId, MemberRole role);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "User {UserId} left conversation {ConversationId}.")]
    public static partial void MemberRemoved(ILogger logger, string conversationId, string userId);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Debug, Message = "Message {MessageId} stored in {ConversationId} at seq {Seq}.")]
    public static partial void MessageSent(ILogger logger, string conversationId, string messageId, long seq);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Debug, Message = "Send replayed client message id {ClientMessageId} in {ConversationId}; answered with message {MessageId}.")]
    public static partial void MessageReplayed(ILogger logger, string conversationId, string clientMessageId, string messageId);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Debug, Message = "Message {MessageId} in {ConversationId} changed at seq {ChangeSeq} ({Change}).")]
    public static partial void MessageChanged(ILogger logger, string conversationId, string messageId, long changeSeq, string change);

    [LoggerMessage(EventId = 1020, Level = LogLevel.Warning, Message = "User {UserId} already holds {Limit} waiting change-feed requests; another was refused.")]
    public static partial void WaitRefused(ILogger logger, string userId, int limit);

    [LoggerMessage(EventId = 1021, Level = LogLevel.Debug, Message = "A waiting change-feed request on {ConversationId} ended early because the application is stopping.")]
    public static partial void WaitEndedByShutdown(ILogger logger, string conversationId);

    [LoggerMessage(EventId = 1023, Level = LogLevel.Debug, Message = "A waiting user-feed request of {UserId} ended early because the application is stopping.")]
    public static partial void UserWaitEndedByShutdown(ILogger logger, string userId);

    [LoggerMessage(EventId = 1022, Level = LogLevel.Warning, Message = "The server already holds {Limit} waiting change-feed requests; another was refused.")]
    public static partial void WaitRefusedInTotal(ILogger logger, int limit);

    [LoggerMessage(EventId = 1030, Level = LogLevel.Warning, Message = "The backplane failed {Operation}; this instance carried on alone for that call.")]
    public static partial void BackplaneFailed(ILogger logger, string operation, Exception exception);
}
