namespace BstChat.Storage.EfCore.Mapping;

/// <summary>A row of <c>bstchat_conversations</c>; <see cref="LastSeq"/> is the per-conversation sequence counter.</summary>
internal sealed class ConversationEntity
{
    public required string Id { get; set; }

    public required string Title { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public long LastSeq { get; set; }

    public DateTimeOffset LastChangeAt { get; set; }
}
