namespace BstChat.Migration;

/// <summary>What a copy did.</summary>
/// <param name="Conversations">Conversations copied or found already copied.</param>
/// <param name="ConversationsWritten">Conversations whose row, members or messages had to be written.</param>
/// <param name="Members">Members in the copied conversations.</param>
/// <param name="Messages">Messages in the copied conversations.</param>
/// <param name="MessagesWritten">Messages written; the rest the target held already.</param>
public sealed record ChatStoreCopyResult(long Conversations, long ConversationsWritten, long Members, long Messages, long MessagesWritten);
