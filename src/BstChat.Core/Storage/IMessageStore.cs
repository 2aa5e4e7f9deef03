namespace BstChat.Storage;

/// <summary>
/// Where conversations, members and messages live. Implementations keep the change-feed rule:
/// every send, edit and delete takes the conversation's next sequence number in the same atomic
/// write as the change, and no reader ever sees sequence number n+1 before n is visible.
/// </summary>
/// <remarks>
/// <para>Stores are singletons, and every method is safe to call concurrently: a store built on
/// short-lived resources (an EF Core <c>DbContext</c>) takes a factory and makes one per call.
/// Transient failures (database down, timeouts) are thrown as
/// <see cref="ChatStoreUnavailableException"/>, after which nothing of the call is stored.</para>
/// <para>The abstract specification suite in <c>BstChat.Storage.Specification</c> defines the
/// contract in tests; run it against any new store.</para>
/// </remarks>
public interface IMessageStore
{
    /// <summary>
    /// Creates a conversation, or returns the one that already has its id, unchanged. Of
    /// concurrent creates of one id, exactly one creates it.
    /// </summary>
    /// <param name="conversation">The conversation to create; its <see cref="Conversation.LastSeq"/> is ignored.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored conversation (timestamps at the store's precision) and whether this call created it.</returns>
    ValueTask<CreateConversationResult> CreateConversationAsync(Conversation conversation, CancellationToken cancellationToken);

    /// <summary>Finds a conversation.</summary>
    /// <param name="conversationId">The conversation id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The conversation, whose <see cref="Conversation.LastSeq"/> is visible with all before it; or <see langword="null"/>.</returns>
    ValueTask<Conversation?> FindConversationAsync(string conversationId, CancellationToken cancellationToken);

    /// <summary>Adds a member, or updates the display name and role of an existing one (keeping its join time and read marker).</summary>
    /// <param name="member">The member; the conversation must exist.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored member, or <see langword="null"/> when the conversation does not exist.</returns>
    ValueTask<Member?> UpsertMemberAsync(Member member, CancellationToken cancellationToken);

    /// <summary>Removes a member. Their messages stay.</summary>
    /// <param name="conversationId">The conversation id.</param>
    /// <param name="userId">The member's user id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether a member was removed.</returns>
    ValueTask<bool> RemoveMemberAsync(string conversationId, string userId, CancellationToken cancellationToken);

    /// <summary>Lists a conversation's members, ordered by join time then user id.</summary>
    /// <param name="conversationId">The conversation id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The members; empty for an unknown conversation.</returns>
    ValueTask<IReadOnlyList<Member>> GetMembersAsync(string conversationId, CancellationToken cancellationToken);

    /// <summary>Finds one member of a conversation: what every write and read checks first.</summary>
    /// <remarks>The default reads every member and picks one; stores override it with a read of one row.</remarks>
    /// <param name="conversationId">The conversation id.</param>
    /// <param name="userId">The user id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The member, or <see langword="null"/> when the user is not one (or the conversation does not exist).</returns>
    async ValueTask<Member?> FindMemberAsync(string conversationId, string userId, CancellationToken cancellationToken)
    {
        foreach (var member in await GetMembersAsync(conversationId, cancellationToken))
        {
            if (member.UserId == userId)
            {
                return member;
            }
        }

        return null;
    }

    /// <summary>
    /// Appends a message with the conversation's next sequence number, stored as
    /// <see cref="NewMessage.ToMessage"/> builds it. When the same sender
    /// already sent the same <see cref="NewMessage.ClientMessageId"/> in this conversation, stores
    /// nothing and returns that first message instead; concurrent replays store exactly one.
    /// </summary>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored message and whether this call created it; <see langword="null"/> when the conversation does not exist.</returns>
    ValueTask<AppendResult?> AppendMessageAsync(NewMessage message, CancellationToken cancellationToken);

    /// <summary>Finds a message by id.</summary>
    /// <param name="conversationId">The conversation id.</param>
    /// <param name="messageId">The message id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The message in its current state, or <see langword="null"/>.</returns>
    ValueTask<Message?> FindMessageAsync(string conversationId, string messageId, CancellationToken cancellationToken);

    /// <summary>
    /// Edits or deletes a message, giving it the conversation's next sequence number as its
    /// <see cref="Message.ChangeSeq"/>. A deleted message is never changed again, and an edit to
    /// the text it already has changes nothing; both return the message as it is.
    /// </summary>
    /// <remarks>
    /// A change that is made also appends its <see cref="MessageRevision"/> (the text it replaces,
    /// <see cref="MessageUpdate.ChangedBy"/>, <see cref="MessageUpdate.At"/>; see
    /// <see cref="MessageRevisions.Of"/>) in the same atomic write: a change is never visible
    /// without its record, and a change that is not made records nothing.
    /// </remarks>
    /// <param name="update">The change.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The message after the call, or <see langword="null"/> when there is no such message.</returns>
    ValueTask<Message?> UpdateMessageAsync(MessageUpdate update, CancellationToken cancellationToken);

    /// <summary>Reads a message's record of edits and deletes. Records are never changed or removed by chat itself.</summary>
    /// <param name="conversationId">The conversation id.</param>
    /// <param name="messageId">The message id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The revisions, oldest first (ascending by <see cref="MessageRevision.ChangeSeq"/>); empty for a message never changed or unknown.</returns>
    ValueTask<IReadOnlyList<MessageRevision>> GetRevisionsAsync(string conversationId, string messageId, CancellationToken cancellationToken);

    /// <summary>Reads a page of history: the latest messages before a sequence number, tombstones included.</summary>
    /// <param name="conversationId">The conversation id.</param>
    /// <param name="beforeSeq">Only messages with a lower <see cref="Message.Seq"/>; <see langword="null"/> for the latest.</param>
    /// <param name="limit">The most messages to return, at least 1.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page, ascending by <see cref="Message.Seq"/>.</returns>
    ValueTask<HistoryPage> GetHistoryAsync(string conversationId, long? beforeSeq, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Reads the change feed: messages whose <see cref="Message.ChangeSeq"/> is greater than
    /// <paramref name="afterSeq"/>, ascending by it, in their current state. Returns only a
    /// gap-free run: it never returns a change whose predecessor is not yet visible.
    /// </summary>
    /// <param name="conversationId">The conversation id.</param>
    /// <param name="afterSeq">The sequence number the reader has seen up to.</param>
    /// <param name="limit">The most messages to return, at least 1.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The changed messages.</returns>
    ValueTask<IReadOnlyList<Message>> GetChangesAsync(string conversationId, long afterSeq, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Moves a member's read marker forward to <paramref name="seq"/>; never backwards, and never
    /// past the conversation's <see cref="Conversation.LastSeq"/>.
    /// </summary>
    /// <param name="conversationId">The conversation id.</param>
    /// <param name="userId">The member's user id.</param>
    /// <param name="seq">The sequence number read up to.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The member's read marker after the call, or <see langword="null"/> when the user is not a member.</returns>
    ValueTask<long?> AdvanceReadMarkerAsync(string conversationId, string userId, long seq, CancellationToken cancellationToken);

    /// <summary>
    /// Lists the conversations a user is a member of, latest change first (then by id), each with
    /// its unread count and last message, in one round trip where the store allows. The limit is
    /// applied by the store itself, so a user in thousands of conversations costs a page, not all of them.
    /// </summary>
    /// <param name="userId">The user id.</param>
    /// <param name="limit">The most entries to return, at least 1.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The user's latest <paramref name="limit"/> conversations.</returns>
    ValueTask<IReadOnlyList<InboxEntry>> GetInboxAsync(string userId, int limit, CancellationToken cancellationToken);
}
