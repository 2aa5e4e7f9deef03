namespace BstChat.AspNetCore.Tests.Infrastructure;

// The JSON shapes of DESIGN.md as a client reads them. Every field is a required constructor
// parameter (see ChatHttp.Json), so a field missing from an answer fails the test.

public sealed record ApiMessage(
    string Id,
    string ConversationId,
    long Seq,
    long ChangeSeq,
    string SenderId,
    string SenderName,
    string Text,
    string? ClientMessageId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? EditedAt,
    DateTimeOffset? DeletedAt);

public sealed record ApiInbox(List<ApiInboxEntry> Conversations, bool HasMore);

public sealed record ApiInboxEntry(string Id, string Title, long LastSeq, long UnreadCount, ApiMessage? LastMessage);

public sealed record ApiConversation(string Id, string Title, long LastSeq, List<ApiMember> Members, List<ApiPresence> Presence);

public sealed record ApiMember(string UserId, string DisplayName, string Role, long LastReadSeq);

public sealed record ApiHistory(List<ApiMessage> Messages, bool HasMore);

public sealed record ApiChanges(string Cursor, List<ApiMessage> Messages, List<ApiTyping> Typing, List<ApiReadMarker> ReadMarkers, long PollAfterMs);

public sealed record ApiTyping(string UserId, string DisplayName);

public sealed record ApiUserChanges(
    string Cursor,
    List<ApiMessage> Messages,
    List<ApiFeedConversation> Conversations,
    List<string> Removed,
    List<ApiConversationTyping> Typing,
    List<ApiConversationReadMarker> ReadMarkers,
    List<ApiPresence> Presence,
    bool HasMore,
    long PollAfterMs);

public sealed record ApiFeedConversation(
    string Id, string Title, long LastSeq, long LastReadSeq, long UnreadCount, ApiMessage? LastMessage, long? AfterSeq, long ThroughSeq, bool HasMore);

public sealed record ApiConversationTyping(string ConversationId, string UserId, string DisplayName);

public sealed record ApiConversationReadMarker(string ConversationId, string UserId, long LastReadSeq);

public sealed record ApiPresence(string UserId, bool Online, DateTimeOffset? LastSeenAt);

public sealed record ApiReadMarker(string UserId, long LastReadSeq);

public sealed record ApiRevisions(List<ApiRevision> Revisions);

public sealed record ApiRevision(long ChangeSeq, string Kind, string PreviousText, string ChangedBy, DateTimeOffset ChangedAt);
