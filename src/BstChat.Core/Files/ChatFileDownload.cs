namespace BstChat.Files;

/// <summary>A file opened for a member to read: its record and its content (or its thumbnail's).</summary>
public sealed class ChatFileDownload : IAsyncDisposable
{
    internal ChatFileDownload(ChatFile file, Stream content, bool isThumbnail)
    {
        File = file;
        Content = content;
        IsThumbnail = isThumbnail;
    }

    /// <summary>The file's record.</summary>
    public ChatFile File { get; }

    /// <summary>The content, seekable; disposed with this.</summary>
    public Stream Content { get; }

    /// <summary>Whether <see cref="Content"/> is the thumbnail (always a JPEG) rather than the file.</summary>
    public bool IsThumbnail { get; }

    /// <summary>The type of <see cref="Content"/>.</summary>
    public string ContentType => IsThumbnail ? ChatFileTypes.Jpeg : File.ContentType;

    /// <summary>Whether a browser may show the content in the page; everything else is served as a download.</summary>
    public bool ShowInline => ChatFileTypes.ShownInline.Contains(ContentType);

    /// <summary>An entity tag that changes when the content does.</summary>
    public string ETag => IsThumbnail ? $"\"{File.ContentHash}-thumbnail\"" : $"\"{File.ContentHash}\"";

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
