namespace BstChat.Storage.EfCore.Mapping;

/// <summary>A row of <c>bstchat_members</c>.</summary>
internal sealed class MemberEntity
{
    public required string ConversationId { get; set; }

    public required string UserId { get; set; }

    public required string DisplayName { get; set; }

    public MemberRole Role { get; set; }

    public DateTimeOffset JoinedAt { get; set; }

    public long LastReadSeq { get; set; }
}
