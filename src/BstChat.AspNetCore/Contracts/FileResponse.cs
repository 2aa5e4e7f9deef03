namespace BstChat.AspNetCore.Contracts;

/// <summary>
/// A file as the API shows it: the answer of an upload, and each attachment of a message.
/// <c>width</c> and <c>height</c> are set for images, <c>thumbnailUrl</c> when a thumbnail was made.
/// </summary>
internal sealed record FileResponse(
    string FileId,
    string Name,
    string ContentType,
    long Size,
    int? Width,
    int? Height,
    string Url,
    string? ThumbnailUrl)
{
    public static FileResponse From(ChatFile file, ChatLinks links) => From(file.ConversationId, MessageAttachment.Of(file), links);

    public static FileResponse From(string conversationId, MessageAttachment a, ChatLinks links) =>
        new(a.FileId,
            a.Name,
            a.ContentType,
            a.Size,
            a.Width,
            a.Height,
            links.File(conversationId, a.FileId),
            a.HasThumbnail ? links.Thumbnail(conversationId, a.FileId) : null);
}
