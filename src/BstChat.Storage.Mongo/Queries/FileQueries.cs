using BstChat.Storage.Mongo.Documents;
using MongoDB.Bson;
using MongoDB.Driver;

namespace BstChat.Storage.Mongo.Queries;

/// <summary>Filters, updates and pipelines on file records.</summary>
internal static class FileQueries
{
    private static FilterDefinitionBuilder<FileDocument> Filter => Builders<FileDocument>.Filter;

    private static UpdateDefinitionBuilder<FileDocument> Update => Builders<FileDocument>.Update;

    public static FilterDefinition<FileDocument> ById(string conversationId, string fileId) =>
        Filter.And(Filter.Eq(d => d.Id, fileId), Filter.Eq(d => d.ConversationId, conversationId));

    public static FilterDefinition<FileDocument> ByIds(string conversationId, IEnumerable<string> fileIds) =>
        Filter.And(Filter.In(d => d.Id, fileIds), Filter.Eq(d => d.ConversationId, conversationId));

    /// <summary>The file while it is in <paramref name="state"/>: the condition of every compare-and-set move.</summary>
    public static FilterDefinition<FileDocument> InState(string conversationId, string fileId, ChatFileState state) =>
        Filter.And(ById(conversationId, fileId), Filter.Eq(d => d.State, FileMapper.ToStored(state)));

    /// <summary>
    /// The file while it is exactly as it was read: same state, same change time, same message.
    /// A claim writes only over the record it checked, so a move in between makes it match nothing.
    /// </summary>
    public static FilterDefinition<FileDocument> Unchanged(FileDocument read) =>
        Filter.And(
            ById(read.ConversationId, read.Id),
            Filter.Eq(d => d.State, read.State),
            Filter.Eq(d => d.StateChangedAt, read.StateChangedAt),
            Filter.Eq(d => d.MessageId, read.MessageId),
            Filter.Eq(d => d.ClientMessageId, read.ClientMessageId));

    public static UpdateDefinition<FileDocument> MoveTo(ChatFileState state, DateTimeOffset at) =>
        Update.Set(d => d.State, FileMapper.ToStored(state)).Set(d => d.StateChangedAt, StoredTime.ToStored(at));

    /// <summary>Writes a record's state, change time, message and key as <paramref name="to"/> has them: a claim, or its undoing.</summary>
    public static UpdateDefinition<FileDocument> Restate(FileDocument to)
    {
        var update = Update.Set(d => d.State, to.State).Set(d => d.StateChangedAt, to.StateChangedAt);
        update = to.MessageId is { } messageId ? update.Set(d => d.MessageId, messageId) : update.Unset(d => d.MessageId);
        return to.ClientMessageId is { } key ? update.Set(d => d.ClientMessageId, key) : update.Unset(d => d.ClientMessageId);
    }

    /// <summary>A message's files in any of <paramref name="states"/>: served by <c>bstchat_files_by_message</c>.</summary>
    public static FilterDefinition<FileDocument> OfMessage(string conversationId, string messageId, params ChatFileState[] states) =>
        Filter.And(
            Filter.Eq(d => d.ConversationId, conversationId),
            Filter.Eq(d => d.MessageId, messageId),
            Filter.In(d => d.State, states.Select(FileMapper.ToStored)));

    /// <summary>A state unchanged since before a moment: served by <c>bstchat_files_by_state</c>.</summary>
    public static FilterDefinition<FileDocument> StateChangedBefore(ChatFileState state, DateTimeOffset before) =>
        Filter.And(Filter.Eq(d => d.State, FileMapper.ToStored(state)), Filter.Lt(d => d.StateChangedAt, StoredTime.ToStored(before)));

    public static SortDefinition<FileDocument> OldestChangeFirst { get; } =
        Builders<FileDocument>.Sort.Ascending(d => d.StateChangedAt).Ascending(d => d.Id);

    public static FilterDefinition<FileDocument> Removable(string conversationId, string fileId) =>
        Filter.And(ById(conversationId, fileId), Filter.In(d => d.State, [FileDocument.DeletedState, FileDocument.UploadingState]));

    public static FilterDefinition<FileDocument> NotDeletedIn(string conversationId) =>
        Filter.And(Filter.Eq(d => d.ConversationId, conversationId), Filter.Ne(d => d.State, FileDocument.DeletedState));

    public static SortDefinition<FileDocument> IdOrder { get; } = Builders<FileDocument>.Sort.Ascending(d => d.Id);

    /// <summary>
    /// Both quotas in one aggregation: the files not deleted that are the user's (anywhere) or the
    /// conversation's, each branch an indexed equality, summed per side on the server.
    /// </summary>
    public static PipelineDefinition<FileDocument, BsonDocument> Usage(string conversationId, string userId)
    {
        static BsonDocument SumWhere(string field, string value) => new("$sum", new BsonDocument("$cond", new BsonArray
        {
            new BsonDocument("$eq", new BsonArray { "$" + field, value }),
            "$size",
            0L,
        }));

        BsonDocument[] stages =
        [
            new("$match", new BsonDocument
            {
                { "$or", new BsonArray { new BsonDocument("uploader_id", userId), new BsonDocument("conversation_id", conversationId) } },
                { "state", new BsonDocument("$ne", FileDocument.DeletedState) },
            }),
            new("$group", new BsonDocument
            {
                { "_id", BsonNull.Value },
                { UserBytes, SumWhere("uploader_id", userId) },
                { ConversationBytes, SumWhere("conversation_id", conversationId) },
            }),
        ];
        return PipelineDefinition<FileDocument, BsonDocument>.Create(stages);
    }

    public const string UserBytes = "user_bytes";

    public const string ConversationBytes = "conversation_bytes";
}
