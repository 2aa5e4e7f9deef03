using BstChat.Storage.Mongo.Documents;
using MongoDB.Driver;

namespace BstChat.Storage.Mongo.Queries;

/// <summary>Filters and sorts on change documents.</summary>
internal static class ChangeQueries
{
    private static FilterDefinitionBuilder<ChangeDocument> Filter => Builders<ChangeDocument>.Filter;

    public static FilterDefinition<ChangeDocument> ById(string conversationId, long seq) =>
        Filter.Eq(d => d.Id, DocumentIds.Change(conversationId, seq));

    /// <summary>The change documents of these seqs, in any conversations.</summary>
    public static FilterDefinition<ChangeDocument> AnyOf(IEnumerable<(string ConversationId, long Seq)> seqs) =>
        Filter.In(d => d.Id, seqs.Select(static s => DocumentIds.Change(s.ConversationId, s.Seq)));

    /// <summary>Change documents with <paramref name="afterSeq"/> &lt; seq ≤ <paramref name="upToSeq"/>.</summary>
    public static FilterDefinition<ChangeDocument> Range(string conversationId, long afterSeq, long upToSeq) =>
        Filter.And(
            Filter.Eq(d => d.ConversationId, conversationId),
            Filter.Gt(d => d.Seq, afterSeq),
            Filter.Lte(d => d.Seq, upToSeq));

    public static SortDefinition<ChangeDocument> BySeq { get; } = Builders<ChangeDocument>.Sort.Ascending(d => d.Seq);

    /// <summary>Only the seq: scanning for gaps needs nothing else.</summary>
    public static ProjectionDefinition<ChangeDocument> SeqOnly { get; } =
        Builders<ChangeDocument>.Projection.Include(d => d.Seq).Exclude(d => d.Id);
}
