namespace BstChat.Files;

/// <summary>Who may read a file, among a conversation's members.</summary>
internal static class ChatFileAccess
{
    /// <summary>
    /// Every member may read a sent file; before it is sent, only its uploader, who is previewing
    /// what they are about to send. Nobody reads a file still being stored or one deleted.
    /// </summary>
    public static bool MayRead(ChatFile file, string memberId) => file.State switch
    {
        ChatFileState.Attached => true,
        ChatFileState.Ready or ChatFileState.Claimed => file.UploaderId == memberId,
        _ => false,
    };
}
