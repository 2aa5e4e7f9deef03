using BstChat.Storage.Mongo.Documents;
using MongoDB.Driver;

namespace BstChat.Storage.Mongo.Queries;

/// <summary>Filters, updates and sorts on message documents.</summary>
internal static class MessageQueries
{
    private static FilterDefinitionBuilder<MessageDocument> Filter => Builders<MessageDocument>.Filter;

    private static UpdateDefinitionBuilder<MessageDocument> Update => Builders<MessageDocument>.Update;

    public static FilterDefinition<MessageDocument> ById(string conversationId, string messageId) =>
        Filter.And(Filter.Eq(d => d.Id, messageId), Filter.Eq(d => d.ConversationId, conversationId));

    public static FilterDefinition<MessageDocument> ByIds(string conversationId, IEnumerable<string> messageIds) =>
        Filter.And(Filter.In(d => d.Id, messageIds), Filter.Eq(d => d.ConversationId, conversationId));

    /// <summary>The message a sender sent with an idempotency key; served by the partial unique index.</summary>
    public static FilterDefinition<MessageDocument> ByClientMessageId(string conversationId, string senderId, string clientMessageId) =>
        Filter.And(
            Filter.Eq(d => d.ConversationId, conversationId),
            Filter.Eq(d => d.SenderId, senderId),
            Filter.Eq(d => d.ClientMessageId, clientMessageId));

    /// <summary>The message whose latest change took <paramref name="changeSeq"/>, if its writer got that far.</summary>
    public static FilterDefinition<MessageDocument> ByChangeSeq(string conversationId, long changeSeq) =>
        Filter.And(Filter.Eq(d => d.ConversationId, conversationId), Filter.Eq(d => d.ChangeSeq, changeSeq));

    /// <summary>The message, while its latest change is still <paramref name="changeSeq"/>.</summary>
    public static FilterDefinition<MessageDocument> ByIdAtChangeSeq(string messageId, long changeSeq) =>
        Filter.And(Filter.Eq(d => d.Id, messageId), Filter.Eq(d => d.ChangeSeq, changeSeq));

    public static FilterDefinition<MessageDocument> History(string conversationId, long? beforeSeq) =>
        beforeSeq is { } before
            ? Filter.And(Filter.Eq(d => d.ConversationId, conversationId), Filter.Lt(d => d.Seq, before))
            : Filter.Eq(d => d.ConversationId, conversationId);

    public static SortDefinition<MessageDocument> NewestFirst { get; } = Builders<MessageDocument>.Sort.Descending(d => d.Seq);

    /// <summary>
    /// The message while the change taking <paramref name="seq"/> may still apply: not deleted, no
    /// later change applied first (seq order wins), and for an edit a different text.
    /// </summary>
    public static FilterDefinition<MessageDocument> Changeable(MessageUpdate update, long seq)
    {
        var filter = Filter.And(
            ById(update.ConversationId, update.MessageId),
            Filter.Eq(d => d.DeletedAt, null),
            Filter.Lt(d => d.ChangeSeq, seq));
        return update.NewText is { } text ? Filter.And(filter, Filter.Ne(d => d.Text, text)) : filter;
    }

    public static UpdateDefinition<MessageDocument> Apply(MessageUpdate update, long seq)
    {
        var at = StoredTime.ToStored(update.At);
        return update.NewText is { } text
            ? Update.Set(d => d.ChangeSeq, seq).Set(d => d.Text, text).Set(d => d.EditedAt, at)
            : Update.Set(d => d.ChangeSeq, seq).Set(d => d.Text, "").Set(d => d.DeletedAt, at);
    }

    /// <summary>Moves a change to a new seq; a new message moves its place too, as nobody has seen it yet.</summary>
    public static UpdateDefinition<MessageDocument> MoveChange(long toSeq, bool isNewMessage) =>
        isNewMessage
            ? Update.Set(d => d.ChangeSeq, toSeq).Set(d => d.Seq, toSeq)
            : Update.Set(d => d.ChangeSeq, toSeq);
}
