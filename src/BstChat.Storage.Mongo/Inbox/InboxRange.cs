namespace BstChat.Storage.Mongo.Inbox;

/// <summary>
/// The messages of one conversation that the inbox's second query reads: its unread ones (after
/// the read marker, up to the visible head) and at least the last <see cref="LastMessageWindow"/>
/// seqs, where its latest message that is not deleted almost always is. Both ends are on the
/// <c>(conversation_id, seq)</c> index, so the query reads these messages and no others.
/// </summary>
/// <param name="ConversationId">The conversation.</param>
/// <param name="LastReadSeq">The user's read marker.</param>
/// <param name="Head">The visible head (the conversation's <c>visible_seq</c>): nothing after it counts yet.</param>
internal sealed record InboxRange(string ConversationId, long LastReadSeq, long Head)
{
    /// <summary>How many of the latest seqs are read even when none of them is unread.</summary>
    public const long LastMessageWindow = 16;

    /// <summary>The range starts after this seq.</summary>
    public long After => Math.Max(0, Math.Min(LastReadSeq, Head - LastMessageWindow));

    /// <summary>Whether the conversation has anything to read at all.</summary>
    public bool IsEmpty => Head <= 0;

    /// <summary>Whether messages after the read marker can be unread.</summary>
    public bool CanHaveUnread => Head > LastReadSeq;

    /// <summary>
    /// When the range held no message that is not deleted, whether one can still lie before it
    /// (its last seqs were all edits, deletes or tombstones); the store then looks before it.
    /// </summary>
    public bool MayHaveOlderLastMessage => After > 0;
}
