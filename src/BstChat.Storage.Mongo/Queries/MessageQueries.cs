using BstChat.Storage.Mongo.Documents;
using MongoDB.Bson;
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

    /// <summary>Messages by id in any conversations: a message's <c>_id</c> is unique on its own, so a batch reads all of its messages at once.</summary>
    public static FilterDefinition<MessageDocument> AnyOfIds(IEnumerable<string> messageIds) =>
        Filter.In(d => d.Id, messageIds);

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
    /// other text), its claim is held by <paramref name="expectedOwner"/>, or free when that is
    /// <see langword="null"/>, and its latest change is still the one at <paramref name="seenChangeSeq"/>:
    /// the condition of claiming it. The last part makes the claimed state exactly the one the
    /// writer read, whose text its revision records.
    /// </summary>
    public static FilterDefinition<MessageDocument> Claimable(MessageUpdate update, long seenChangeSeq, string? expectedOwner)
    {
        ArgumentNullException.ThrowIfNull(update);
        var filter = Filter.And(
            ById(update.ConversationId, update.MessageId),
            Filter.Eq(d => d.ChangeSeq, seenChangeSeq),
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
    /// Applies a claimed change at <paramref name="seq"/>, recording the seq in the claim and the
    /// replaced <paramref name="previousText"/> in the message's revisions: one conditional update
    /// of the message document (see <see cref="HeldBy"/>), so the change and its record are one write.
    /// </summary>
    public static UpdateDefinition<MessageDocument> Apply(MessageUpdate update, long seq, string previousText)
    {
        ArgumentNullException.ThrowIfNull(update);
        var at = StoredTime.ToStored(update.At);
        var revision = new RevisionDocument
        {
            ChangeSeq = seq,
            Kind = update.IsDelete ? RevisionDocument.DeletedKind : RevisionDocument.EditedKind,
            PreviousText = previousText,
            ChangedBy = update.ChangedBy,
            ChangedAt = at,
        };
        var applied = Update.Set(d => d.ChangeSeq, seq).Set(d => d.Claim!.Seq, seq).Push(d => d.Revisions, revision);
        return update.NewText is { } text
            ? applied.Set(d => d.Text, text).Set(d => d.EditedAt, at)
            : applied.Set(d => d.Text, "").Unset(d => d.Attachments).Set(d => d.DeletedAt, at);
    }

    /// <summary>
    /// The message while its latest change is still the one at <paramref name="changeSeq"/>, made
    /// under <paramref name="owner"/>'s claim (or, for a new message, with no claim on it). An edit
    /// or delete also matches its revision, which <see cref="MoveChange"/> then moves along.
    /// </summary>
    public static FilterDefinition<MessageDocument> MovableFrom(string messageId, long changeSeq, string? owner, bool isNewMessage)
    {
        var filter = Filter.And(Filter.Eq(d => d.Id, messageId), Filter.Eq(d => d.ChangeSeq, changeSeq), ClaimedBy(owner));
        return isNewMessage ? filter : Filter.And(filter, Filter.Eq(RevisionChangeSeq, changeSeq));
    }

    /// <summary>
    /// Moves a change to a new seq; a new message moves its place too, as nobody has seen it yet,
    /// and an edit or delete its revision (the one <see cref="MovableFrom"/> matched).
    /// </summary>
    public static UpdateDefinition<MessageDocument> MoveChange(long toSeq, bool isNewMessage) =>
        isNewMessage
            ? Update.Set(d => d.ChangeSeq, toSeq).Set(d => d.Seq, toSeq)
            : Update.Set(d => d.ChangeSeq, toSeq).Set(d => d.Claim!.Seq, toSeq).Set("revisions.$.change_seq", toSeq);

    /// <summary>The revisions of a conversation's messages after <paramref name="afterChangeSeq"/>, in change order.</summary>
    public static PipelineDefinition<MessageDocument, RevisionRow> RevisionsAfter(string conversationId, long afterChangeSeq, int limit)
    {
        var after = new BsonDocument(RevisionChangeSeq, new BsonDocument("$gt", afterChangeSeq));
        BsonDocument[] stages =
        [
            new("$match", new BsonDocument("conversation_id", conversationId).AddRange(after)),
            new("$unwind", "$revisions"),
            new("$match", after),
            new("$sort", new BsonDocument(RevisionChangeSeq, 1)),
            new("$limit", limit),
            new("$project", new BsonDocument { { "_id", 1 }, { "revision", "$revisions" } }),
        ];
        return PipelineDefinition<MessageDocument, RevisionRow>.Create(stages);
    }

    /// <summary>Every revision of every message, counted by the server.</summary>
    public static PipelineDefinition<MessageDocument, BsonDocument> RevisionCount { get; } = PipelineDefinition<MessageDocument, BsonDocument>.Create(
    [
        new BsonDocument("$match", new BsonDocument("revisions", new BsonDocument("$exists", true))),
        new BsonDocument("$group", new BsonDocument { { "_id", BsonNull.Value }, { "count", new BsonDocument("$sum", new BsonDocument("$size", "$revisions")) } }),
    ]);

    /// <summary>Removes the revisions at these change seqs, so an import can write them again without doubling them.</summary>
    public static UpdateDefinition<MessageDocument> PullRevisions(IEnumerable<long> changeSeqs) =>
        Update.PullFilter(d => d.Revisions, Builders<RevisionDocument>.Filter.In(r => r.ChangeSeq, changeSeqs));

    public static UpdateDefinition<MessageDocument> PushRevisions(IEnumerable<RevisionDocument> revisions) =>
        Update.PushEach(d => d.Revisions, revisions);

    /// <summary>Only a message's revisions (and its id), for reading its change record.</summary>
    public static ProjectionDefinition<MessageDocument> RevisionsOnly { get; } = Builders<MessageDocument>.Projection.Include(d => d.Revisions);

    private const string RevisionChangeSeq = "revisions.change_seq";

    private static FilterDefinition<MessageDocument> ClaimedBy(string? owner) =>
        owner is null ? Filter.Eq(d => d.Claim, null) : Filter.Eq(d => d.Claim!.Owner, owner);
}
