namespace BstChat;

/// <summary>A file as a message carries it: enough to show it without reading the file's own record.</summary>
public sealed record MessageAttachment
{
    /// <summary>The file's id, as its upload returned it.</summary>
    public required string FileId { get; init; }

    /// <summary>The file name to show and to save as.</summary>
    public required string Name { get; init; }

    /// <summary>The type decided from the file's content, never from its name or the uploader's word.</summary>
    public required string ContentType { get; init; }

    /// <summary>The stored size in bytes.</summary>
    public required long Size { get; init; }

    /// <summary>An image's width in pixels, as it displays; otherwise <see langword="null"/>.</summary>
    public int? Width { get; init; }

    /// <summary>An image's height in pixels, as it displays; otherwise <see langword="null"/>.</summary>
    public int? Height { get; init; }

    /// <summary>Whether a thumbnail was made on upload.</summary>
    public bool HasThumbnail { get; init; }

    /// <summary>What a message carries of an uploaded file.</summary>
    /// <param name="file">The uploaded file.</param>
    /// <returns>The attachment.</returns>
    public static MessageAttachment Of(ChatFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return new()
        {
            FileId = file.Id,
            Name = file.Name,
            ContentType = file.ContentType,
            Size = file.Size,
            Width = file.Width,
            Height = file.Height,
            HasThumbnail = file.HasThumbnail,
        };
    }
}
