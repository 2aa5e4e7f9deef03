namespace BstChat.Storage;

/// <summary>
/// Reads everything a store holds, row by row and with every field, so it can be copied to
/// another store (see <c>BstChat.Migration.ChatStoreCopier</c>). A capability beside
/// <see cref="IMessageStore"/>, not part of it: the chat itself never needs it.
/// </summary>
/// <remarks>
/// Read markers travel with members (<see cref="Member.LastReadSeq"/>). Reads are not one
/// snapshot of the whole store: copy from a store nobody writes to, or copy again afterwards
/// (a second copy writes only what changed).
/// </remarks>
public interface IChatStoreExport
{
    /// <summary>Counts the store's conversations, members, messages and revisions.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The counts.</returns>
    ValueTask<ChatStoreCounts> CountAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Reads a page of conversations, ascending by id in the store's own order of ids (which need
    /// not be ordinal, but is consistent: paging on from the last id of each page visits every
    /// conversation once).
    /// </summary>
    /// <param name="afterId">The last id of the previous page; <see langword="null"/> for the first page.</param>
    /// <param name="limit">The most conversations to return, at least 1.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The conversations, each with its <see cref="Conversation.LastSeq"/> and <see cref="Conversation.LastChangeAt"/>; empty after the last page.</returns>
    ValueTask<IReadOnlyList<Conversation>> ExportConversationsAsync(string? afterId, int limit, CancellationToken cancellationToken);

    /// <summary>Reads one conversation.</summary>
    /// <param name="conversationId">The conversation id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The conversation, or <see langword="null"/>.</returns>
    ValueTask<Conversation?> ExportConversationAsync(string conversationId, CancellationToken cancellationToken);

    /// <summary>Reads a conversation's members with their join times, roles and read markers.</summary>
    /// <param name="conversationId">The conversation id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The members, in any order; empty for an unknown conversation.</returns>
    ValueTask<IReadOnlyList<Member>> ExportMembersAsync(string conversationId, CancellationToken cancellationToken);

    /// <summary>Reads a page of a conversation's messages in their current state, tombstones included, ascending by <see cref="Message.Seq"/>.</summary>
    /// <param name="conversationId">The conversation id.</param>
    /// <param name="afterSeq">Only messages with a higher <see cref="Message.Seq"/>; 0 for the first page.</param>
    /// <param name="limit">The most messages to return, at least 1.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The messages; empty after the last page.</returns>
    ValueTask<IReadOnlyList<Message>> ExportMessagesAsync(string conversationId, long afterSeq, int limit, CancellationToken cancellationToken);

    /// <summary>Reads a page of a conversation's record of edits and deletes, ascending by <see cref="MessageRevision.ChangeSeq"/>.</summary>
    /// <param name="conversationId">The conversation id.</param>
    /// <param name="afterChangeSeq">Only revisions with a higher <see cref="MessageRevision.ChangeSeq"/>; 0 for the first page.</param>
    /// <param name="limit">The most revisions to return, at least 1.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The revisions; empty after the last page.</returns>
    ValueTask<IReadOnlyList<MessageRevision>> ExportRevisionsAsync(string conversationId, long afterChangeSeq, int limit, CancellationToken cancellationToken);
}
