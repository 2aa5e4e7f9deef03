using Microsoft.Extensions.Logging;

namespace BstChat.Storage.Mongo.Diagnostics;

/// <summary>The MongoDB store's log messages; event ids are stable, in the 4000 range.</summary>
internal static partial class MongoStoreLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "The MongoDB store is unavailable during {Operation}.")]
    public static partial void Unavailable(ILogger logger, string operation, Exception exception);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Warning, Message = "Seq {Seq} in {ConversationId} stayed without its change for {Threshold}; its writer is taken for dead. The change it had stored on message {MessageId} was recorded for it.")]
    public static partial void GapCompleted(ILogger logger, string conversationId, long seq, string messageId, TimeSpan threshold);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Warning, Message = "Seq {Seq} in {ConversationId} stayed without its change for {Threshold}; its writer is taken for dead and readers pass it as carrying no change.")]
    public static partial void GapSkipped(ILogger logger, string conversationId, long seq, TimeSpan threshold);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Warning, Message = "Readers passed seq {Seq} in {ConversationId} before its change was recorded; the change to message {MessageId} moves to seq {NewSeq}.")]
    public static partial void ChangeMoved(ILogger logger, string conversationId, long seq, string messageId, long newSeq);

    [LoggerMessage(EventId = 4013, Level = LogLevel.Debug, Message = "Seq {Seq} in {ConversationId} carries no change: {Reason}.")]
    public static partial void SeqUnused(ILogger logger, string conversationId, long seq, string reason);

    [LoggerMessage(EventId = 4014, Level = LogLevel.Warning, Message = "The change at seq {Seq} in {ConversationId} is stored, but raising the visible watermark failed; readers will raise it.")]
    public static partial void WatermarkNotRaised(ILogger logger, string conversationId, long seq, Exception exception);

    [LoggerMessage(EventId = 4015, Level = LogLevel.Warning, Message = "The writer holding message {MessageId} in {ConversationId} for its next change stayed silent for {Threshold}; it is taken for dead and its claim taken over.")]
    public static partial void ChangeClaimTakenOver(ILogger logger, string conversationId, string messageId, TimeSpan threshold);

    [LoggerMessage(EventId = 4016, Level = LogLevel.Warning, Message = "The send of message {MessageId} in {ConversationId} stayed silent for {Threshold}; it is taken for dead and a replay of its client message id takes its claim over.")]
    public static partial void SendClaimTakenOver(ILogger logger, string conversationId, string messageId, TimeSpan threshold);

    [LoggerMessage(EventId = 4020, Level = LogLevel.Information, Message = "BstChat's MongoDB indexes are in place on collections prefixed '{Prefix}'.")]
    public static partial void IndexesEnsured(ILogger logger, string prefix);
}
