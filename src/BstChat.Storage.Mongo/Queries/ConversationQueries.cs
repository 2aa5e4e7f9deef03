using BstChat.Storage.Mongo.Documents;
using MongoDB.Driver;

namespace BstChat.Storage.Mongo.Queries;

/// <summary>Filters and updates on conversation documents.</summary>
internal static class ConversationQueries
{
    private static FilterDefinitionBuilder<ConversationDocument> Filter => Builders<ConversationDocument>.Filter;

    private static UpdateDefinitionBuilder<ConversationDocument> Update => Builders<ConversationDocument>.Update;

    public static FilterDefinition<ConversationDocument> ById(string conversationId) =>
        Filter.Eq(d => d.Id, conversationId);

    /// <summary>Takes the next <paramref name="count"/> seqs: one atomic <c>$inc</c>, so no two writers ever get the same number.</summary>
    public static UpdateDefinition<ConversationDocument> ReserveSeqs(int count, DateTimeOffset at) =>
        Update.Inc(d => d.ReservedSeq, (long)count).Max(d => d.LastChangeAt, StoredTime.ToStored(at));

    /// <summary>The conversation while its watermark stands just below <paramref name="seq"/>.</summary>
    public static FilterDefinition<ConversationDocument> VisibleUpTo(string conversationId, long seq) =>
        Filter.And(ById(conversationId), Filter.Eq(d => d.VisibleSeq, seq));

    public static UpdateDefinition<ConversationDocument> SetVisible(long seq) =>
        Update.Set(d => d.VisibleSeq, seq);

    /// <summary>Raises the watermark; <c>$max</c> keeps it from going back when readers race.</summary>
    public static UpdateDefinition<ConversationDocument> RaiseVisible(long seq) =>
        Update.Max(d => d.VisibleSeq, seq);
}
