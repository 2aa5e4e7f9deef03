namespace BstChat;

/// <summary>What a recorded change did to a message.</summary>
public enum MessageRevisionKind
{
    /// <summary>The text was replaced.</summary>
    Edited = 0,

    /// <summary>The message was deleted: its text was blanked and it became a tombstone.</summary>
    Deleted = 1,
}
