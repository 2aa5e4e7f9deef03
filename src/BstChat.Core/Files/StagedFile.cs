using System.Security.Cryptography;

namespace BstChat.Files;

/// <summary>
/// An upload received onto local disk, where it is checked before anything is stored: a file
/// opened to delete itself when closed, so a finished or failed upload leaves nothing behind.
/// </summary>
internal sealed class StagedFile : IAsyncDisposable
{
    /// <summary>The prefix of every staged file's name, by which start-up finds those a killed process left.</summary>
    public const string NamePrefix = "bstchat-upload-";

    private StagedFile(FileStream content, string contentType, string contentHash)
    {
        Content = content;
        ContentType = contentType;
        ContentHash = contentHash;
    }

    /// <summary>The content, seekable, positioned anywhere: rewind before reading.</summary>
    public FileStream Content { get; private set; }

    /// <summary>The type decided from the first bytes.</summary>
    public string ContentType { get; }

    /// <summary>The SHA-256 of the content, lower-case hex: taken while it arrived, so nobody reads the file again for it.</summary>
    public string ContentHash { get; private set; }

    /// <summary>The size in bytes.</summary>
    public long Size => Content.Length;

    /// <summary>Opens a new staged file in a directory.</summary>
    /// <param name="directory">The staging directory.</param>
    /// <returns>An empty file that deletes itself when disposed.</returns>
    public static FileStream CreateEmpty(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, NamePrefix + Guid.NewGuid().ToString("N"));
        return new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920,
            FileOptions.Asynchronous | FileOptions.DeleteOnClose);
    }

    /// <summary>
    /// Receives an upload: reads its first bytes and refuses a type that is not allowed before
    /// reading on, then copies the rest while counting, refusing past the size limit.
    /// </summary>
    /// <param name="body">The upload's content.</param>
    /// <param name="options">The file rules.</param>
    /// <param name="directory">The staging directory.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>The staged file.</returns>
    public static async ValueTask<StagedFile> ReceiveAsync(Stream body, ChatFileOptions options, string directory, CancellationToken cancellationToken)
    {
        var head = new byte[FileSniffer.WindowBytes];
        var headLength = await body.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        if (headLength == 0)
        {
            throw new ChatException(ChatErrorKind.Invalid, ChatErrorCodes.EmptyFile, "The file is empty.");
        }

        var contentType = FileSniffer.Sniff(head.AsSpan(0, headLength), isWholeFile: headLength < head.Length);
        if (contentType is null || !options.AllowedContentTypes.Contains(contentType))
        {
            throw new ChatException(ChatErrorKind.UnsupportedType, ChatErrorCodes.FileTypeNotAllowed,
                contentType is null
                    ? "This kind of file cannot be sent: its content is of no type chat accepts."
                    : $"Files of type {contentType} cannot be sent here.");
        }

        var file = CreateEmpty(directory);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            await file.WriteAsync(head.AsMemory(0, headLength), cancellationToken);
            hash.AppendData(head, 0, headLength);
            var buffer = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (file.Length + read > options.MaxFileBytes)
                {
                    throw TooLarge(options.MaxFileBytes);
                }

                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                hash.AppendData(buffer, 0, read);
            }

            if (file.Length > options.MaxFileBytes)
            {
                throw TooLarge(options.MaxFileBytes);
            }

            await file.FlushAsync(cancellationToken);
            return new StagedFile(file, contentType, Convert.ToHexStringLower(hash.GetHashAndReset()));
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    /// <summary>The refusal of a file over the limit, worded once for the HTTP layer's early check and this one.</summary>
    /// <param name="maxBytes">The limit.</param>
    /// <returns>The error.</returns>
    public static ChatException TooLarge(long maxBytes) =>
        new(ChatErrorKind.TooLarge, ChatErrorCodes.FileTooLarge, $"The file is larger than {FormatSize(maxBytes)}, the most chat accepts.");

    /// <summary>Deletes staged files a killed process left behind: only old ones, since other processes may stage in the same directory.</summary>
    /// <param name="directory">The staging directory.</param>
    /// <param name="olderThan">The age past which a staged file cannot belong to a live upload.</param>
    /// <param name="now">The current time.</param>
    /// <returns>How many files were deleted.</returns>
    public static int DeleteAbandoned(string directory, TimeSpan olderThan, DateTimeOffset now)
    {
        if (!Directory.Exists(directory))
        {
            return 0;
        }

        var deleted = 0;
        foreach (var path in Directory.EnumerateFiles(directory, NamePrefix + "*"))
        {
            try
            {
                if (now - File.GetLastWriteTimeUtc(path) > olderThan)
                {
                    File.Delete(path);
                    deleted++;
                }
            }
            catch (IOException)
            {
                // Still open in a live process: not abandoned.
            }
            catch (UnauthorizedAccessException)
            {
                // Another user's file in a shared temporary directory.
            }
        }

        return deleted;
    }

    /// <summary>Takes <paramref name="rewritten"/> as the content (an image without its metadata) and deletes the one received.</summary>
    /// <param name="rewritten">A staged file from <see cref="CreateEmpty"/>, now owned by this one.</param>
    /// <param name="cancellationToken">Cancels hashing the new content.</param>
    /// <returns>A task that completes when the old content is gone.</returns>
    public async ValueTask ReplaceContentAsync(FileStream rewritten, CancellationToken cancellationToken)
    {
        rewritten.Position = 0;
        var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(rewritten, cancellationToken));
        var received = Content;
        (Content, ContentHash) = (rewritten, hash);
        await received.DisposeAsync();
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Content.DisposeAsync();

    private static string FormatSize(long bytes) =>
        bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MB"
        : bytes >= 1024 && bytes % 1024 == 0 ? $"{bytes / 1024} KB"
        : $"{bytes} bytes";
}
