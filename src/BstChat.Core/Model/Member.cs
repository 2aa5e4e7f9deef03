namespace BstChat;

/// <summary>A user's membership of a conversation.</summary>
public sealed record Member
{
    /// <summary>The conversation.</summary>
    public required string ConversationId { get; init; }

    /// <summary>The member's user id.</summary>
    public required string UserId { get; init; }

    /// <summary>The name shown to other members, as the host application set it.</summary>
    public required string DisplayName { get; init; }

    /// <summary>The member's role.</summary>
    public MemberRole Role { get; init; }

    /// <summary>When the user joined.</summary>
    public required DateTimeOffset JoinedAt { get; init; }

    /// <summary>The highest sequence number the member has read; never moves backwards.</summary>
    public long LastReadSeq { get; init; }
}
