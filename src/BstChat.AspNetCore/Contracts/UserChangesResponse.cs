namespace BstChat.AspNetCore.Contracts;

/// <summary>An answer of the user feed (<c>GET /changes</c>); see docs/user-feed.md.</summary>
internal sealed record UserChangesResponse(
    string Cursor,
    List<MessageResponse> Messages,
    List<FeedConversationResponse> Conversations,
    List<string> Removed,
    List<ConversationTypingResponse> Typing,
    List<ConversationReadMarkerResponse> ReadMarkers,
    List<PresenceResponse> Presence,
    bool HasMore,
    long PollAfterMs)
{
    public static UserChangesResponse From(UserChangeSet changes, ChatLinks links) =>
        new(changes.Cursor.ToString(),
            MessageResponse.From(changes.Messages, links),
            [.. changes.Conversations.Select(c => FeedConversationResponse.From(c, links))],
            [.. changes.Removed],
            [.. changes.Typing.Select(t => new ConversationTypingResponse(t.ConversationId, t.UserId, t.DisplayName))],
            [.. changes.ReadMarkers.Select(r => new ConversationReadMarkerResponse(r.ConversationId, r.UserId, r.LastReadSeq))],
            PresenceResponse.From(changes.Presence),
            changes.HasMore,
            (long)changes.PollAfter.TotalMilliseconds);
}

/// <summary>An inbox entry, with which of the conversation's changes the answer carries.</summary>
internal sealed record FeedConversationResponse(
    string Id,
    string Title,
    long LastSeq,
    long LastReadSeq,
    long UnreadCount,
    MessageResponse? LastMessage,
    long? AfterSeq,
    long ThroughSeq,
    bool HasMore)
{
    public static FeedConversationResponse From(FeedConversation c, ChatLinks links) =>
        new(c.Entry.Conversation.Id,
            c.Entry.Conversation.Title,
            c.Entry.Conversation.LastSeq,
            c.Entry.LastReadSeq,
            c.Entry.UnreadCount,
            c.Entry.LastMessage is null ? null : MessageResponse.From(c.Entry.LastMessage, links),
            c.AfterSeq,
            c.ThroughSeq,
            c.HasMore);
}

internal sealed record ConversationTypingResponse(string ConversationId, string UserId, string DisplayName);

internal sealed record ConversationReadMarkerResponse(string ConversationId, string UserId, long LastReadSeq);
