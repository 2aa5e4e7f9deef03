namespace BstChat.Files;

/// <summary>What a scanner is told of an upload.</summary>
public sealed record ChatFileScan
{
    /// <summary>The conversation it is uploaded to.</summary>
    public required string ConversationId { get; init; }

    /// <summary>The uploader's user id.</summary>
    public required string UploaderId { get; init; }

    /// <summary>The cleaned file name.</summary>
    public required string Name { get; init; }

    /// <summary>The type decided from the content.</summary>
    public required string ContentType { get; init; }

    /// <summary>The size in bytes.</summary>
    public required long Size { get; init; }
}
