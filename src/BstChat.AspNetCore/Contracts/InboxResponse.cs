namespace BstChat.AspNetCore.Contracts;

/// <summary>The caller's conversations, latest change first; <c>hasMore</c> when older ones were left out.</summary>
internal sealed record InboxResponse(List<InboxConversationResponse> Conversations, bool HasMore)
{
    public static InboxResponse From(InboxPage inbox, ChatLinks links) =>
        new([.. inbox.Conversations.Select(e => new InboxConversationResponse(
            e.Conversation.Id,
            e.Conversation.Title,
            e.Conversation.LastSeq,
            e.LastReadSeq,
            e.UnreadCount,
            e.LastMessage is null ? null : MessageResponse.From(e.LastMessage, links)))],
            inbox.HasMore);
}

/// <summary>One conversation in the inbox.</summary>
internal sealed record InboxConversationResponse(string Id, string Title, long LastSeq, long LastReadSeq, long UnreadCount, MessageResponse? LastMessage);
