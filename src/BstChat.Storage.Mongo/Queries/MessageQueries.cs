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

    /// <summary>The message whose latest change took <paramref name="changeSeq"/>, if its writer got that far.</summary>
    public static FilterDefinition<MessageDocument> ByChangeSeq(string conversationId, long changeSeq) =>
        Filter.And(Filter.Eq(d => d.ConversationId, conversationId), Filter.Eq(d => d.ChangeSeq, changeSeq));

    public static FilterDefinition<MessageDocument> History(string conversationId, long? beforeSeq) =>
        beforeSeq is { } before
            ? Filter.And(Filter.Eq(d => d.ConversationId, conversationId), Filter.Lt(d => d.Seq, before))
            : Filter.Eq(d => d.ConversationId, conversationId);

    public static SortDefinition<MessageDocument> NewestFirst { get; } = Builders<MessageDocument>.Sort.Descending(d => d.Seq);

    /// <summary>
    /// The message while <paramref name="update"/> would change it (not deleted and, for an edit,
    /// other text) and its claim is held by <paramref name="expectedOwner"/>, or free when that is
    /// <see langword="null"/>: the condition of claiming it.
    /// </summary>
    public static FilterDefinition<MessageDocument> Claimable(MessageUpdate update, string? expectedOwner)
    {
        ArgumentNullException.ThrowIfNull(update);
        var filter = Filter.And(
            ById(update.ConversationId, update.MessageId),
            Filter.Eq(d => d.DeletedAt, null),
            ClaimedBy(expectedOwner));
        return update.NewText is { } text ? Filter.And(filter, Filter.Ne(d => d.Text, text)) : filter;
    }

    /// <summary>A new claim for <paramref name="owner"/>, replacing a released or abandoned one.</summary>
    public static UpdateDefinition<MessageDocument> Claim(string owner) =>
        Update.Set(d => d.Claim, new ChangeClaim { Owner = owner });

    /// <summary>The message while <paramref name="owner"/> holds its claim.</summary>
    public static FilterDefinition<MessageDocument> HeldBy(string conversationId, string messageId, string owner) =>
        Filter.And(ById(conversationId, messageId), ClaimedBy(owner));

    /// <summary>The message while <paramref name="owner"/> holds its claim and has applied nothing yet: the condition of letting go.</summary>
    public static FilterDefinition<MessageDocument> HeldUnapplied(string conversationId, string messageId, string owner) =>
        Filter.And(HeldBy(conversationId, messageId, owner), Filter.Eq(d => d.Claim!.Seq, null));

    public static UpdateDefinition<MessageDocument> Release { get; } = Update.Unset(d => d.Claim);

    /// <summary>
    /// Applies a claimed change at <paramref name="seq"/>, recording the seq in the claim: one
    /// conditional update of the message document (see <see cref="HeldBy"/>).
    /// </summary>
    public static UpdateDefinition<MessageDocument> Apply(MessageUpdate update, long seq)
    {
        ArgumentNullException.ThrowIfNull(update);
        var at = StoredTime.ToStored(update.At);
        var applied = Update.Set(d => d.ChangeSeq, seq).Set(d => d.Claim!.Seq, seq);
        return update.NewText is { } text
            ? applied.Set(d => d.Text, text).Set(d => d.EditedAt, at)
            : applied.Set(d => d.Text, "").Set(d => d.DeletedAt, at);
    }

    /// <summary>
    /// The message while its latest change is still the one at <paramref name="changeSeq"/>, made
    /// under <paramref name="owner"/>'s claim (or, for a new message, with no claim on it).
    /// </summary>
    public static FilterDefinition<MessageDocument> MovableFrom(string messageId, long changeSeq, string? owner) =>
        Filter.And(Filter.Eq(d => d.Id, messageId), Filter.Eq(d => d.ChangeSeq, changeSeq), ClaimedBy(owner));

    /// <summary>Moves a change to a new seq; a new message moves its place too, as nobody has seen it yet.</summary>
    public static UpdateDefinition<MessageDocument> MoveChange(long toSeq, bool isNewMessage) =>
        isNewMessage
            ? Update.Set(d => d.ChangeSeq, toSeq).Set(d => d.Seq, toSeq)
            : Update.Set(d => d.ChangeSeq, toSeq).Set(d => d.Claim!.Seq, toSeq);

    private static FilterDefinition<MessageDocument> ClaimedBy(string? owner) =>
        owner is null ? Filter.Eq(d => d.Claim, null) : Filter.Eq(d => d.Claim!.Owner, owner);
}
