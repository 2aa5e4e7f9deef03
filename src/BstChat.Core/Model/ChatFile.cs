namespace BstChat;

/// <summary>An uploaded file's record, kept by the message store; its content lives in the file store.</summary>
public sealed record ChatFile
{
    /// <summary>The server-made id, unique across conversations: 32 lower-case hex digits.</summary>
    public required string Id { get; init; }

    /// <summary>The conversation the file was uploaded to; only its members may read it.</summary>
    public required string ConversationId { get; init; }

    /// <summary>The uploader's user id: the only one who may attach it.</summary>
    public required string UploaderId { get; init; }

    /// <summary>The file name to show and to save as, cleaned of paths and invisible characters.</summary>
    public required string Name { get; init; }

    /// <summary>The type decided from the content (magic bytes).</summary>
    public required string ContentType { get; init; }

    /// <summary>The stored size in bytes (after location data was stripped from a photo).</summary>
    public required long Size { get; init; }

    /// <summary>An image's width in pixels, as it displays; otherwise <see langword="null"/>.</summary>
    public int? Width { get; init; }

    /// <summary>An image's height in pixels, as it displays; otherwise <see langword="null"/>.</summary>
    public int? Height { get; init; }

    /// <summary>Whether a thumbnail is stored beside the content.</summary>
    public bool HasThumbnail { get; init; }

    /// <summary>The SHA-256 of the stored content, as 64 lower-case hex digits: the file's ETag.</summary>
    public required string ContentHash { get; init; }

    /// <summary>When the upload began.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Where the file is in its life.</summary>
    public required ChatFileState State { get; init; }

    /// <summary>When <see cref="State"/> last changed (at first, <see cref="CreatedAt"/>): what expiry is counted from.</summary>
    public required DateTimeOffset StateChangedAt { get; init; }

    /// <summary>The message that claimed or carries the file, once one has.</summary>
    public string? MessageId { get; init; }

    /// <summary>The idempotency key of the send that claimed the file, so its retry may claim it again.</summary>
    public string? ClientMessageId { get; init; }
}
