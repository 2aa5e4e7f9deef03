namespace BstChat;

/// <summary>What a member may do in a conversation.</summary>
public enum MemberRole
{
    /// <summary>Reads and writes; edits and deletes their own messages.</summary>
    Member = 0,

    /// <summary>A member who may also delete anyone's messages.</summary>
    Moderator = 1,
}
