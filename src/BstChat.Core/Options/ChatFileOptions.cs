namespace BstChat;

/// <summary>The rules for files in chat: sizes, types, allowances, quotas and how long an unsent upload lives.</summary>
public sealed class ChatFileOptions
{
    /// <summary>The largest file, in bytes. Default 10 MiB. A larger upload is refused with 413 <c>file_too_large</c> before its body is read.</summary>
    public long MaxFileBytes { get; set; } = 10L * 1024 * 1024;

    /// <summary>
    /// The content types that may be uploaded, as decided from each file's first bytes. Default:
    /// JPEG, PNG, GIF and WebP images, PDF, Word, Excel and PowerPoint documents, plain text,
    /// MP3, MP4, M4A, Ogg, WebM and WAV. HTML, SVG and XML may be added; they are then only
    /// ever served as downloads, never shown.
    /// </summary>
    public ISet<string> AllowedContentTypes { get; } = new HashSet<string>(ChatFileTypes.DefaultAllowed, StringComparer.Ordinal);

    /// <summary>The most files one message may carry. Default 10.</summary>
    public int MaxAttachmentsPerMessage { get; set; } = 10;

    /// <summary>How long an upload waits to be attached to a message before it is deleted. Default 1 hour.</summary>
    public TimeSpan UnattachedLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often expired uploads and the content of deleted files are removed. Default 5 minutes.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Uploads a user may make: a burst of 10, then 20 a minute. Over it: 429 <c>too_many_uploads</c> with Retry-After.
    /// </summary>
    public TokenBucketLimit UploadRate { get; set; } = new() { Burst = 10, PerMinute = 20 };

    /// <summary>The most bytes one user's files may hold, across all conversations. Default 1 GiB. Over it: 403 <c>file_quota_exceeded</c>.</summary>
    public long MaxBytesPerUser { get; set; } = 1L * 1024 * 1024 * 1024;

    /// <summary>The most bytes one conversation's files may hold. Default 2 GiB. Over it: 403 <c>file_quota_exceeded</c>.</summary>
    public long MaxBytesPerConversation { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>
    /// Whether location, camera and other metadata is stripped from JPEG, PNG and WebP photos
    /// on upload, keeping only their orientation. Default <see langword="true"/>: many of those
    /// sending photos are children.
    /// </summary>
    public bool StripImageMetadata { get; set; } = true;

    /// <summary>The longest side of a thumbnail, in pixels. Default 320. Thumbnails are made when a thumbnail maker is added (for example <c>AddSkiaThumbnails()</c>).</summary>
    public int ThumbnailSize { get; set; } = 320;

    /// <summary>
    /// Where uploads are staged on local disk while they are checked, before they go to the file
    /// store. Default: the system's temporary directory. Staged files are deleted when the check
    /// ends, and on start-up when a killed process left some behind.
    /// </summary>
    public string? StagingDirectory { get; set; }
}
