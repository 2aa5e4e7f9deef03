namespace BstChat.Storage;

/// <summary>An edit or a delete of one message.</summary>
public sealed record MessageUpdate
{
    /// <summary>The conversation.</summary>
    public required string ConversationId { get; init; }

    /// <summary>The message to change.</summary>
    public required string MessageId { get; init; }

    /// <summary>The new text for an edit; <see langword="null"/> for a delete.</summary>
    public string? NewText { get; init; }

    /// <summary>When the change was made.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>Who made the change, recorded with the text it replaces; empty for the host application.</summary>
    public required string ChangedBy { get; init; }

    /// <summary>Whether this update deletes the message.</summary>
    public bool IsDelete => NewText is null;
}
