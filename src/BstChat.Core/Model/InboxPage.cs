namespace BstChat;

/// <summary>A user's inbox: their most recently changed conversations, up to <see cref="BstChatOptions.MaxInboxConversations"/>.</summary>
/// <param name="Conversations">The entries, latest change first.</param>
/// <param name="HasMore">Whether the user is a member of more conversations than listed.</param>
public sealed record InboxPage(IReadOnlyList<InboxEntry> Conversations, bool HasMore);
