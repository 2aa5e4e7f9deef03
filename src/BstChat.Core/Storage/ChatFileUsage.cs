namespace BstChat.Storage;

/// <summary>Bytes held by files that are not deleted, for the upload quotas.</summary>
/// <param name="UserBytes">Held by the user's uploads, in every conversation.</param>
/// <param name="ConversationBytes">Held by every upload to the conversation.</param>
public readonly record struct ChatFileUsage(long UserBytes, long ConversationBytes);
