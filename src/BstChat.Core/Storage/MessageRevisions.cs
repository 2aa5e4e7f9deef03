namespace BstChat.Storage;

/// <summary>Builds the record a store keeps of an edit or a delete, so every store records the same thing.</summary>
public static class MessageRevisions
{
    /// <summary>The revision an update makes of a message, recording the text it replaces.</summary>
    /// <param name="current">The message as it was before the update.</param>
    /// <param name="update">The update.</param>
    /// <param name="changeSeq">The sequence number the update took.</param>
    /// <returns>The revision to store with the change.</returns>
    public static MessageRevision Of(Message current, MessageUpdate update, long changeSeq)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(update);
        return new MessageRevision
        {
            ConversationId = current.ConversationId,
            MessageId = current.Id,
            ChangeSeq = changeSeq,
            Kind = update.IsDelete ? MessageRevisionKind.Deleted : MessageRevisionKind.Edited,
            PreviousText = current.Text,
            ChangedBy = update.ChangedBy,
            ChangedAt = update.At,
        };
    }
}
