namespace BstChat.Storage;

/// <summary>
/// Writes rows exactly as given (ids, sequence numbers, change sequence numbers, timestamps,
/// tombstones, client message ids, read markers) into a store that is not serving chat, so a
/// copy made by <c>BstChat.Migration.ChatStoreCopier</c> continues the change feed where the
/// source left it. Every write is an upsert: importing the same rows again changes nothing.
/// </summary>
/// <remarks>
/// An importing store can be read back (<see cref="IChatStoreExport"/>): that is how a copy
/// resumes and is verified. Imports do not keep the change-feed rule while they run; the target
/// must not serve chat until the copy is complete.
/// </remarks>
public interface IChatStoreImport : IChatStoreExport
{
    /// <summary>
    /// The precision the store keeps timestamps at (e.g. one microsecond on the EF Core store,
    /// one millisecond on MongoDB); finer parts are truncated on import.
    /// </summary>
    TimeSpan TimePrecision { get; }

    /// <summary>
    /// Creates the conversation, or overwrites the stored one, with exactly these fields,
    /// including <see cref="Conversation.LastSeq"/> and <see cref="Conversation.LastChangeAt"/>.
    /// The next change the store makes in it takes <c>LastSeq + 1</c>.
    /// </summary>
    /// <param name="conversation">The conversation as exported.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the conversation is stored.</returns>
    ValueTask ImportConversationAsync(Conversation conversation, CancellationToken cancellationToken);

    /// <summary>
    /// Makes the conversation's members exactly these: each is created or overwritten with its
    /// join time, role and read marker, and any other member of the conversation is removed.
    /// </summary>
    /// <param name="conversationId">The conversation, which must exist.</param>
    /// <param name="members">The members; each must belong to <paramref name="conversationId"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the members are stored.</returns>
    ValueTask ImportMembersAsync(string conversationId, IReadOnlyList<Member> members, CancellationToken cancellationToken);

    /// <summary>
    /// Creates the messages, or overwrites the stored ones with the same ids, with exactly these
    /// fields. Their conversations must exist. A message keeps answering replays of its
    /// <see cref="Message.ClientMessageId"/>.
    /// </summary>
    /// <param name="messages">The messages, in their current state.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the messages are stored.</returns>
    ValueTask ImportMessagesAsync(IReadOnlyList<Message> messages, CancellationToken cancellationToken);

    /// <summary>
    /// Creates the revisions, or overwrites the stored ones with the same conversation and
    /// <see cref="MessageRevision.ChangeSeq"/>, with exactly these fields. Their conversations and
    /// messages must exist (a store may keep revisions inside their message): import messages first,
    /// as the copier does.
    /// </summary>
    /// <param name="revisions">The revisions.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the revisions are stored.</returns>
    ValueTask ImportRevisionsAsync(IReadOnlyList<MessageRevision> revisions, CancellationToken cancellationToken);
}
