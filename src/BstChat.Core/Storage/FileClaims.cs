namespace BstChat.Storage;

/// <summary>
/// Whether a send may claim a file, and what the claimed record is: the rule every store
/// applies inside its own atomic write, so that all stores agree on it.
/// </summary>
public static class FileClaims
{
    /// <summary>
    /// A file may be claimed by its uploader when it is ready, or when a send with the same
    /// idempotency key already claimed or attached it: that send's retry, which may have been cut
    /// off before its message was stored, or after.
    /// </summary>
    /// <param name="claim">The claim.</param>
    /// <param name="file">The file's current record, in the claim's conversation.</param>
    /// <returns>Whether the claim may take the file.</returns>
    public static bool Allows(FileClaim claim, ChatFile file)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(file);
        return file.ConversationId == claim.ConversationId
            && file.UploaderId == claim.UploaderId
            && (file.State == ChatFileState.Ready
                || (file.State is ChatFileState.Claimed or ChatFileState.Attached
                    && claim.ClientMessageId is not null
                    && file.ClientMessageId == claim.ClientMessageId));
    }

    /// <summary>The record of a file once the claim took it; an attached file stays as it is, with the message that carries it.</summary>
    /// <param name="claim">The claim.</param>
    /// <param name="file">The file, which <see cref="Allows"/> let the claim take.</param>
    /// <returns>The claimed record.</returns>
    public static ChatFile Apply(FileClaim claim, ChatFile file)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(file);
        return file.State == ChatFileState.Attached ? file : file with
        {
            State = ChatFileState.Claimed,
            StateChangedAt = claim.At,
            MessageId = claim.MessageId,
            ClientMessageId = claim.ClientMessageId,
        };
    }
}
