namespace BstChat.Files;

/// <summary>
/// Uploads and downloads of files in conversations, under the rules of <see cref="ChatFileOptions"/>.
/// Files are attached by sending a message that names them (<see cref="IChatService"/>).
/// </summary>
public interface IChatFiles
{
    /// <summary>
    /// Receives a member's upload: decides its type from its content, checks size, type, quota
    /// and the host's scanner, strips photo metadata, makes a thumbnail, then stores it. Any
    /// refusal stores nothing.
    /// </summary>
    /// <param name="conversationId">The conversation.</param>
    /// <param name="userId">The uploader, who must be a member.</param>
    /// <param name="fileName">The name the uploader gave; cleaned before it is kept.</param>
    /// <param name="content">The content, read to its end (or until a limit is passed); not disposed.</param>
    /// <param name="cancellationToken">Cancels the upload; nothing is then kept.</param>
    /// <returns>The stored file, <see cref="ChatFileState.Ready"/> to attach.</returns>
    /// <exception cref="ChatException">The upload was refused; its code says why.</exception>
    ValueTask<ChatFile> UploadAsync(string conversationId, string userId, string? fileName, Stream content, CancellationToken cancellationToken);

    /// <summary>
    /// Opens a file for a member: any member once it is sent, only its uploader before. Everyone
    /// else is told there is no such file.
    /// </summary>
    /// <param name="conversationId">The conversation.</param>
    /// <param name="fileId">The file id.</param>
    /// <param name="userId">The reader.</param>
    /// <param name="thumbnail">Whether to open the file's thumbnail instead.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The open file, which the caller disposes.</returns>
    /// <exception cref="ChatException">No such file for this reader (404 <c>file_not_found</c>), or a malformed id.</exception>
    ValueTask<ChatFileDownload> OpenAsync(string conversationId, string fileId, string userId, bool thumbnail, CancellationToken cancellationToken);
}
