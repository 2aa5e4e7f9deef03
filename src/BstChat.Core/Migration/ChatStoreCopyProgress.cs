namespace BstChat.Migration;

/// <summary>How far a copy or a verification has come; reported after every page of messages.</summary>
/// <param name="Phase">Copying or verifying.</param>
/// <param name="ConversationsDone">Conversations finished.</param>
/// <param name="ConversationsTotal">Conversations in the source when the run began.</param>
/// <param name="MessagesDone">Source messages read so far.</param>
/// <param name="MessagesTotal">Messages in the source when the run began.</param>
/// <param name="MessagesWritten">Messages written to the target so far; lower than <paramref name="MessagesDone"/> when a copy resumes.</param>
/// <param name="ConversationId">The conversation being worked on, if any.</param>
public sealed record ChatStoreCopyProgress(
    ChatStoreCopyPhase Phase,
    long ConversationsDone,
    long ConversationsTotal,
    long MessagesDone,
    long MessagesTotal,
    long MessagesWritten,
    string? ConversationId);
