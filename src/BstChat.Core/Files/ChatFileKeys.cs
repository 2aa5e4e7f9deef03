namespace BstChat.Files;

/// <summary>The file-store keys of a file's content and its thumbnail.</summary>
internal static class ChatFileKeys
{
    public static string Content(string fileId) => fileId;

    public static string Thumbnail(string fileId) => fileId + "-thumbnail";
}
