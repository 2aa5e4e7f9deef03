namespace BstChat.Storage;

/// <summary>A send's claim on the files it is about to attach.</summary>
public sealed record FileClaim
{
    /// <summary>The conversation the files were uploaded to.</summary>
    public required string ConversationId { get; init; }

    /// <summary>The files, in the order the message carries them; distinct.</summary>
    public required IReadOnlyList<string> FileIds { get; init; }

    /// <summary>The sender, who must be every file's uploader.</summary>
    public required string UploaderId { get; init; }

    /// <summary>The id the message will be stored with.</summary>
    public required string MessageId { get; init; }

    /// <summary>The send's idempotency key: a file claimed under the same one by the same sender may be claimed again.</summary>
    public string? ClientMessageId { get; init; }

    /// <summary>When the claim is made.</summary>
    public required DateTimeOffset At { get; init; }
}
