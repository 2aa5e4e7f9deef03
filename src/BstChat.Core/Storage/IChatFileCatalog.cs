namespace BstChat.Storage;

/// <summary>
/// The records of uploaded files, kept by the message store beside the messages that carry
/// them. A record moves through <see cref="ChatFileState"/> only by these calls, each a
/// compare-and-set, so the sweeper and a send never both win the same file.
/// </summary>
/// <remarks>
/// <para>The upload writes its record (<see cref="ChatFileState.Uploading"/>) before its content
/// and marks it <see cref="ChatFileState.Ready"/> after, so a server killed in between leaves a
/// record nobody can read, which the sweeper removes with whatever content was written.</para>
/// <para>A send claims its files under the message id it is about to store, stores the message,
/// then confirms them; the sweeper settles claims a crash left behind by looking the message up.
/// The specification suite in <c>BstChat.Storage.Specification</c> defines the contract in tests.</para>
/// </remarks>
public interface IChatFileCatalog
{
    /// <summary>Records a new file, in the state it is given (normally <see cref="ChatFileState.Uploading"/>).</summary>
    /// <param name="file">The file; its id is new.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the record is stored.</returns>
    ValueTask AddFileAsync(ChatFile file, CancellationToken cancellationToken);

    /// <summary>Finds a file's record, in any state.</summary>
    /// <param name="conversationId">The conversation it was uploaded to.</param>
    /// <param name="fileId">The file id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The record, or <see langword="null"/> when the conversation has no such file.</returns>
    ValueTask<ChatFile?> FindFileAsync(string conversationId, string fileId, CancellationToken cancellationToken);

    /// <summary>Moves a file from one state to another, only if it is in <paramref name="expected"/>.</summary>
    /// <param name="conversationId">The conversation.</param>
    /// <param name="fileId">The file id.</param>
    /// <param name="expected">The state the file must be in.</param>
    /// <param name="target">The state to move it to; its <see cref="ChatFile.StateChangedAt"/> becomes <paramref name="at"/>.</param>
    /// <param name="at">When the change is made.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether the file was in <paramref name="expected"/> and moved.</returns>
    ValueTask<bool> SetFileStateAsync(string conversationId, string fileId, ChatFileState expected, ChatFileState target, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Claims files for a message, all or none: each must be in the conversation, uploaded by
    /// <see cref="FileClaim.UploaderId"/>, and either <see cref="ChatFileState.Ready"/> or
    /// <see cref="ChatFileState.Claimed"/> or <see cref="ChatFileState.Attached"/> by the same
    /// uploader under the same non-null <see cref="FileClaim.ClientMessageId"/> (a retried send),
    /// as <see cref="FileClaims.Allows"/> decides. Each file becomes what <see cref="FileClaims.Apply"/> makes of it.
    /// </summary>
    /// <param name="claim">The claim.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The claimed files in the claim's order, or <see langword="null"/> when any could not be claimed (and none was).</returns>
    ValueTask<IReadOnlyList<ChatFile>?> ClaimFilesAsync(FileClaim claim, CancellationToken cancellationToken);

    /// <summary>Marks every file claimed for a message as <see cref="ChatFileState.Attached"/>, once the message is stored.</summary>
    /// <param name="conversationId">The conversation.</param>
    /// <param name="messageId">The stored message.</param>
    /// <param name="at">When.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many files were confirmed.</returns>
    ValueTask<int> ConfirmFilesAsync(string conversationId, string messageId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Marks every file claimed for or carried by a message as <see cref="ChatFileState.Deleted"/>.</summary>
    /// <param name="conversationId">The conversation.</param>
    /// <param name="messageId">The message being deleted.</param>
    /// <param name="at">When.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many files were marked.</returns>
    ValueTask<int> DeleteMessageFilesAsync(string conversationId, string messageId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Lists files in a state that has not changed since a moment, oldest change first: the sweeper's work.</summary>
    /// <param name="state">The state.</param>
    /// <param name="changedBefore">Only files whose <see cref="ChatFile.StateChangedAt"/> is earlier.</param>
    /// <param name="limit">The most files to return, at least 1.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The files, ascending by <see cref="ChatFile.StateChangedAt"/> then id.</returns>
    ValueTask<IReadOnlyList<ChatFile>> ListFilesAsync(ChatFileState state, DateTimeOffset changedBefore, int limit, CancellationToken cancellationToken);

    /// <summary>Removes a file's record for good, only if it is <see cref="ChatFileState.Deleted"/> or <see cref="ChatFileState.Uploading"/>.</summary>
    /// <param name="conversationId">The conversation.</param>
    /// <param name="fileId">The file id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether a record was removed.</returns>
    ValueTask<bool> RemoveFileAsync(string conversationId, string fileId, CancellationToken cancellationToken);

    /// <summary>Sums the sizes of files not <see cref="ChatFileState.Deleted"/>: a user's in every conversation, and a conversation's.</summary>
    /// <param name="conversationId">The conversation.</param>
    /// <param name="userId">The user.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The usage.</returns>
    ValueTask<ChatFileUsage> GetFileUsageAsync(string conversationId, string userId, CancellationToken cancellationToken);

    /// <summary>Lists a conversation's files in every state but <see cref="ChatFileState.Deleted"/>, by id: what an export carries.</summary>
    /// <param name="conversationId">The conversation.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The files.</returns>
    ValueTask<IReadOnlyList<ChatFile>> GetConversationFilesAsync(string conversationId, CancellationToken cancellationToken);
}
