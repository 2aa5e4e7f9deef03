namespace BstChat;

/// <summary>The refusals the service and the change feed share, worded once.</summary>
internal static class ChatErrors
{
    /// <summary>Also the answer to a non-member, so nobody learns that a conversation exists.</summary>
    public static ChatException ConversationNotFound() =>
        new(ChatErrorKind.NotFound, ChatErrorCodes.ConversationNotFound, "No such conversation, or you are not a member of it.");

    public static ChatException MessageNotFound() =>
        new(ChatErrorKind.NotFound, ChatErrorCodes.MessageNotFound, "No such message in this conversation.");

    /// <summary>Also the answer to a member who may not read the file yet, so nobody learns of another's unsent upload.</summary>
    public static ChatException FileNotFound() =>
        new(ChatErrorKind.NotFound, ChatErrorCodes.FileNotFound, "No such file in this conversation.");
}
