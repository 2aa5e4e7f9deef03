namespace BstChat;

/// <summary>The refusals the service and the change feed share, worded once.</summary>
internal static class ChatErrors
{
    /// <summary>Also the answer to a non-member, so nobody learns that a conversation exists.</summary>
    public static ChatException ConversationNotFound() =>
        new(ChatErrorKind.NotFound, ChatErrorCodes.ConversationNotFound, "No such conversation, or you are not a member of it.");

    public static ChatException MessageNotFound() =>
        new(ChatErrorKind.NotFound, ChatErrorCodes.MessageNotFound, "No such message in this conversation.");
}
