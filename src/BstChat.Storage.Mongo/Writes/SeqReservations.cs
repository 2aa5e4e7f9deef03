using BstChat.Storage.Mongo.Collections;
using BstChat.Storage.Mongo.Documents;
using BstChat.Storage.Mongo.Queries;
using MongoDB.Driver;

namespace BstChat.Storage.Mongo.Writes;

/// <summary>Hands out a conversation's sequence numbers.</summary>
internal sealed class SeqReservations(ChatCollections collections)
{
    private static readonly FindOneAndUpdateOptions<ConversationDocument> ReturnAfter = new() { ReturnDocument = ReturnDocument.After };

    /// <summary>
    /// Takes the conversation's next seq with <c>findOneAndUpdate</c> + <c>$inc</c>. From then on
    /// the seq is a gap until its change document is written, so callers finish what they started.
    /// </summary>
    /// <returns>The seq, or <see langword="null"/> when the conversation does not exist.</returns>
    public Task<long?> ReserveAsync(string conversationId, DateTimeOffset at, CancellationToken cancellationToken) =>
        ReserveAsync(conversationId, count: 1, at, cancellationToken);

    /// <summary>
    /// Takes the conversation's next <paramref name="count"/> seqs in one <c>$inc</c>, for a batch:
    /// they are the <paramref name="count"/> seqs up to and including the one returned.
    /// </summary>
    /// <returns>The last seq taken, or <see langword="null"/> when the conversation does not exist.</returns>
    public async Task<long?> ReserveAsync(string conversationId, int count, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var conversation = await collections.Conversations.FindOneAndUpdateAsync(
            ConversationQueries.ById(conversationId), ConversationQueries.ReserveSeqs(count, at), ReturnAfter, cancellationToken);
        return conversation?.ReservedSeq;
    }
}
