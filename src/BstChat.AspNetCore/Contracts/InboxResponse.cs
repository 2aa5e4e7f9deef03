namespace BstChat.AspNetCore.Contracts;

/// <summary>The caller's conversations.</summary>
internal sealed record InboxResponse(List<InboxConversationResponse> Conversations)
{
    public static InboxResponse From(IReadOnlyList<InboxEntry> inbox) =>
        new([.. inbox.Select(e => new InboxConversationResponse(
            e.Conversation.Id,
            e.Conversation.Title,
            e.Conversation.LastSeq,
            e.LastReadSeq,
            e.UnreadCount,
            e.LastMessage is null ? null : MessageResponse.From(e.LastMessage)))]);
}

/// <summary>One conversation in the inbox.</summary>
internal sealed record InboxConversationResponse(string Id, string Title, long LastSeq, long LastReadSeq, long UnreadCount, MessageResponse? LastMessage);
