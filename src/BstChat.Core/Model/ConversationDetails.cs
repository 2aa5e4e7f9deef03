namespace BstChat;

/// <summary>A conversation with its members.</summary>
/// <param name="Conversation">The conversation.</param>
/// <param name="Members">Its members, ordered by when they joined.</param>
public sealed record ConversationDetails(Conversation Conversation, IReadOnlyList<Member> Members)
{
    /// <summary>The other members' presence, as the member asking is shown it; empty when presence is off or nobody asked as a member.</summary>
    public IReadOnlyList<UserPresence> Presence { get; init; } = [];
}
