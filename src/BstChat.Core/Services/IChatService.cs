namespace BstChat;

/// <summary>
/// BstChat's server-side API. The host application uses it to set up conversations and members
/// (for example when a lesson is booked) and to post system messages; the HTTP endpoints use it
/// on behalf of the signed-in user.
/// </summary>
/// <remarks>
/// Methods that take a <c>userId</c> act as that member and throw a <see cref="ChatException"/>
/// with <see cref="ChatErrorKind.NotFound"/> when the user is not a member, exactly as when the
/// conversation does not exist. Every refusal is a <see cref="ChatException"/> and changes nothing.
/// </remarks>
public interface IChatService
{
    /// <summary>Creates a conversation, or returns the existing one with that id unchanged.</summary>
    /// <param name="conversationId">1-64 characters of <c>[A-Za-z0-9._:-]</c>, chosen by the host, e.g. <c>lesson-42</c>.</param>
    /// <param name="title">The title shown in inboxes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The conversation.</returns>
    ValueTask<Conversation> CreateConversationAsync(string conversationId, string title, CancellationToken cancellationToken);

    /// <summary>Reads a conversation with its members, without any membership check.</summary>
    /// <param name="conversationId">The conversation id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The conversation, or <see langword="null"/> when there is none.</returns>
    ValueTask<ConversationDetails?> FindConversationAsync(string conversationId, CancellationToken cancellationToken);

    /// <summary>Adds a member, or updates an existing member's display name and role; a member who already has both changes nothing.</summary>
    /// <param name="conversationId">The conversation id.</param>
    /// <param name="user">The user.</param>
    /// <param name="role">The member's role.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The member.</returns>
    ValueTask<Member> AddMemberAsync(string conversationId, ChatUser user, MemberRole role, CancellationToken cancellationToken);

    /// <summary>Removes a member; their messages stay.</summary>
    /// <param name="conversationId">The conversation id.</param>
    /// <param name="userId">The member's user id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether the user was a member.</returns>
    ValueTask<bool> RemoveMemberAsync(string conversationId, string userId, CancellationToken cancellationToken);

    /// <summary>Posts a message from the host application itself (empty sender), e.g. "The lesson starts in 5 minutes".</summary>
    /// <param name="conversationId">The conversation id.</param>
    /// <param name="text">The text.</param>
    /// <param name="clientMessageId">An optional idempotency key, so a retried post is stored once.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored message and whether this call stored it.</returns>
    ValueTask<SendResult> SendSystemMessageAsync(string conversationId, string text, string? clientMessageId, CancellationToken cancellationToken);

    /// <summary>Reads a conversation with its members, as one of them.</summary>
    /// <param name="conversationId">The conversation id.</param>
    /// <param name="userId">The member asking.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The conversation.</returns>
    ValueTask<ConversationDetails> GetConversationAsync(string conversationId, string userId, CancellationToken cancellationToken);

    /// <summary>
    /// Sends a message as a member. A send that repeats an earlier <paramref name="clientMessageId"/>
    /// of the same sender in the same conversation returns that first message and stores nothing;
    /// with different text it is refused with <see cref="ChatErrorCodes.IdempotencyConflict"/>.
    /// </summary>
    /// <param name="conversationId">The conversation id.</param>
    /// <param name="userId">The sender.</param>
    /// <param name="text">The text, 1 to <see cref="BstChatOptions.MaxMessageLength"/> characters.</param>
    /// <param name="clientMessageId">The client's idempotency key, if any.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored message and whether this call stored it.</returns>
    ValueTask<SendResult> SendAsync(string conversationId, string userId, string text, string? clientMessageId, CancellationToken cancellationToken);

    /// <summary>
    /// Sends a message carrying files the sender uploaded to the conversation (<c>IChatFiles</c>).
    /// The files are claimed for the message before it is stored, so each is sent once; a replay
    /// of the same <paramref name="clientMessageId"/> must name the same files, in the same order.
    /// </summary>
    /// <param name="conversationId">The conversation id.</param>
    /// <param name="userId">The sender, who uploaded every file.</param>
    /// <param name="text">The text: empty is allowed when files are attached, otherwise as <see cref="SendAsync(string, string, string, string?, CancellationToken)"/>.</param>
    /// <param name="clientMessageId">The client's idempotency key, if any.</param>
    /// <param name="fileIds">The files, distinct, at most <see cref="ChatFileOptions.MaxAttachmentsPerMessage"/>; none sends a plain message.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored message and whether this call stored it.</returns>
    ValueTask<SendResult> SendAsync(string conversationId, string userId, string text, string? clientMessageId, IReadOnlyList<string> fileIds, CancellationToken cancellationToken);

    /// <summary>Edits a message; only its author may.</summary>
    /// <param name="conversationId">The conversation id.</param>
    /// <param name="messageId">The message id.</param>
    /// <param name="userId">The member editing.</param>
    /// <param name="text">The new text.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The edited message.</returns>
    ValueTask<Message> EditAsync(string conversationId, string messageId, string userId, string text, CancellationToken cancellationToken);

    /// <summary>Deletes a message, leaving a tombstone in the feed; its author or a moderator may. Deleting a deleted message does nothing.</summary>
    /// <param name="conversationId">The conversation id.</param>
    /// <param name="messageId">The message id.</param>
    /// <param name="userId">The member deleting.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The tombstone.</returns>
    ValueTask<Message> DeleteAsync(string conversationId, string messageId, string userId, CancellationToken cancellationToken);

    /// <summary>Reads one message in its current state (a tombstone once deleted), as a member.</summary>
    /// <param name="conversationId">The conversation id.</param>
    /// <param name="messageId">The message id.</param>
    /// <param name="userId">The member reading.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The message.</returns>
    /// <exception cref="ChatException">Not a member, or no such conversation or message (not found).</exception>
    ValueTask<Message> GetMessageAsync(string conversationId, string messageId, string userId, CancellationToken cancellationToken);

    /// <summary>Reads a page of history as a member.</summary>
    /// <param name="conversationId">The conversation id.</param>
    /// <param name="userId">The member reading.</param>
    /// <param name="beforeSeq">Only messages before this sequence number; <see langword="null"/> for the latest.</param>
    /// <param name="limit">The page size; <see langword="null"/> for <see cref="BstChatOptions.DefaultPageSize"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page, ascending by sequence number.</returns>
    ValueTask<HistoryPage> GetHistoryAsync(string conversationId, string userId, long? beforeSeq, int? limit, CancellationToken cancellationToken);

    /// <summary>
    /// Reads the change feed as a member. Without a cursor, answers at once with the current one.
    /// With one, answers at once when anything is newer; otherwise waits up to
    /// <paramref name="wait"/> (capped by <see cref="BstChatOptions.MaxWait"/>) and answers as soon
    /// as something changes. A wait ends early, with what there is, when the application stops.
    /// </summary>
    /// <param name="conversationId">The conversation id.</param>
    /// <param name="userId">The member reading.</param>
    /// <param name="cursor">The cursor of the previous answer, if any.</param>
    /// <param name="wait">How long to wait for a change; zero to answer at once.</param>
    /// <param name="cancellationToken">Ends a wait at once (the client went away) by throwing <see cref="OperationCanceledException"/>.</param>
    /// <returns>The changes.</returns>
    ValueTask<ChangeSet> GetChangesAsync(string conversationId, string userId, ChatCursor? cursor, TimeSpan wait, CancellationToken cancellationToken);

    /// <summary>
    /// Reads the user feed: what changed in every conversation the user follows (their
    /// <see cref="BstChatOptions.MaxFeedConversations"/> most recently changed), with the same rules
    /// as <see cref="GetChangesAsync"/>: without a cursor, answers at once with the current one and
    /// every followed conversation; with one, answers at once when anything is new, otherwise waits
    /// up to <paramref name="wait"/>. See docs/user-feed.md.
    /// </summary>
    /// <param name="userId">The signed-in user.</param>
    /// <param name="cursor">The cursor of the previous answer, if any; it must have been issued to this user.</param>
    /// <param name="wait">How long to wait for a change; zero to answer at once.</param>
    /// <param name="cancellationToken">Ends a wait at once (the client went away) by throwing <see cref="OperationCanceledException"/>.</param>
    /// <returns>The changes.</returns>
    ValueTask<UserChangeSet> GetUserChangesAsync(string userId, UserCursor? cursor, TimeSpan wait, CancellationToken cancellationToken);

    /// <summary>Shows the member as typing for <see cref="BstChatOptions.TypingTimeout"/>.</summary>
    /// <param name="conversationId">The conversation id.</param>
    /// <param name="userId">The member typing.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask SetTypingAsync(string conversationId, string userId, CancellationToken cancellationToken);

    /// <summary>Moves the member's read marker forward; a lower value than the current one changes nothing.</summary>
    /// <param name="conversationId">The conversation id.</param>
    /// <param name="userId">The member.</param>
    /// <param name="seq">The sequence number read up to, from 0 to the conversation's last.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The read marker after the call.</returns>
    ValueTask<long> MarkReadAsync(string conversationId, string userId, long seq, CancellationToken cancellationToken);

    /// <summary>Lists the user's latest <see cref="BstChatOptions.MaxInboxConversations"/> conversations, latest change first, with unread counts.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The inbox, and whether the user has more conversations.</returns>
    ValueTask<InboxPage> GetInboxAsync(string userId, CancellationToken cancellationToken);

    /// <summary>
    /// Reads a message's record of edits and deletes (the text each change replaced, who made it
    /// and when), for a moderator of the conversation: what a sender edited away or deleted stays
    /// readable to the people responsible for the conversation.
    /// </summary>
    /// <param name="conversationId">The conversation.</param>
    /// <param name="messageId">The message.</param>
    /// <param name="userId">The caller, who must be a moderator of the conversation.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The revisions, oldest first; empty for a message never edited or deleted.</returns>
    /// <exception cref="ChatException">Not a member or no such conversation or message (not found); a member who is not a moderator (forbidden).</exception>
    ValueTask<IReadOnlyList<MessageRevision>> GetRevisionsAsync(string conversationId, string messageId, string userId, CancellationToken cancellationToken);

    /// <summary>Reads a message's record of edits and deletes, for the host application (no membership check).</summary>
    /// <param name="conversationId">The conversation.</param>
    /// <param name="messageId">The message.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The revisions, oldest first; empty for a message never edited or deleted, or unknown.</returns>
    ValueTask<IReadOnlyList<MessageRevision>> GetRevisionsAsync(string conversationId, string messageId, CancellationToken cancellationToken);
}
