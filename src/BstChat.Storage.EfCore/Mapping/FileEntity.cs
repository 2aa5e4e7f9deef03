namespace BstChat.Storage.EfCore.Mapping;

/// <summary>A row of <c>bstchat_files</c>: one <see cref="ChatFile"/>.</summary>
/// <remarks>
/// The state's time is kept as UTC ticks: the sweeper compares and orders by it, which EF Core
/// cannot translate for a <see cref="DateTimeOffset"/> on SQLite.
/// </remarks>
internal sealed class FileEntity
{
    public required string Id { get; set; }

    public required string ConversationId { get; set; }

    public required string UploaderId { get; set; }

    public required string Name { get; set; }

    public required string ContentType { get; set; }

    public long Size { get; set; }

    public int? Width { get; set; }

    public int? Height { get; set; }

    public bool HasThumbnail { get; set; }

    public required string ContentHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public ChatFileState State { get; set; }

    public long StateChangedAtTicks { get; set; }

    public string? MessageId { get; set; }

    public string? ClientMessageId { get; set; }
}
