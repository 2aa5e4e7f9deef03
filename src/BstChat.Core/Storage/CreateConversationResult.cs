namespace BstChat.Storage;

/// <summary>The outcome of creating a conversation.</summary>
/// <param name="Conversation">The stored conversation: the new one, or the one that already had the id, unchanged.</param>
/// <param name="Created">Whether this call stored it; <see langword="false"/> when the id was taken.</param>
public sealed record CreateConversationResult(Conversation Conversation, bool Created);
