namespace BstChat.AspNetCore.Contracts;

/// <summary>One conversation with its members.</summary>
internal sealed record ConversationResponse(string Id, string Title, long LastSeq, List<MemberResponse> Members, List<PresenceResponse> Presence)
{
    public static ConversationResponse From(ConversationDetails details) =>
        new(details.Conversation.Id,
            details.Conversation.Title,
            details.Conversation.LastSeq,
            [.. details.Members.Select(m => new MemberResponse(m.UserId, m.DisplayName, m.Role == MemberRole.Moderator ? "moderator" : "member", m.LastReadSeq))],
            PresenceResponse.From(details.Presence));
}

/// <summary>A member; <c>role</c> is <c>member</c> or <c>moderator</c>.</summary>
internal sealed record MemberResponse(string UserId, string DisplayName, string Role, long LastReadSeq);
