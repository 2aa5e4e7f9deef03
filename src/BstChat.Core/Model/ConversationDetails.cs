namespace BstChat;

/// <summary>A conversation with its members.</summary>
/// <param name="Conversation">The conversation.</param>
/// <param name="Members">Its members, ordered by when they joined.</param>
public sealed record ConversationDetails(Conversation Conversation, IReadOnlyList<Member> Members);
