using BstChat.Storage.Mongo.Collections;
using BstChat.Storage.Mongo.Diagnostics;
using BstChat.Storage.Mongo.Documents;
using BstChat.Storage.Mongo.GapFree;
using BstChat.Storage.Mongo.Queries;
using Microsoft.Extensions.Logging;
using MongoDB.Driver;

namespace BstChat.Storage.Mongo.Writes;

/// <summary>
/// Makes a stored change visible by writing its change document, the last step of every send,
/// edit and delete.
/// </summary>
internal sealed class ChangePublisher(ChatCollections collections, SeqReservations reservations, GapFiller filler, ILogger<ChangePublisher> logger)
{
    /// <summary>How often a change may move to a new seq before the writer gives up; each move means a multi-second stall.</summary>
    public const int MaxMoves = 3;

    /// <summary>
    /// Writes the change document for <paramref name="seq"/>. When readers already passed that seq
    /// as a dead writer's gap, the change moves to a new seq, so it is never lost to them.
    /// </summary>
    /// <returns>The seq the change is visible at, or <see langword="null"/> when a later change superseded it while it moved.</returns>
    public async Task<long?> PublishAsync(string conversationId, string messageId, long seq, bool isNewMessage, DateTimeOffset at)
    {
        for (var moves = 0; ; moves++)
        {
            if (await filler.TryInsertAsync(ChangeDocument.For(conversationId, seq, messageId), CancellationToken.None))
            {
                return seq;
            }

            var recorded = await collections.Changes.Find(ChangeQueries.ById(conversationId, seq)).FirstOrDefaultAsync(CancellationToken.None);
            if (recorded?.MessageId == messageId)
            {
                // A reader took this writer for dead but found the change and recorded it.
                return seq;
            }

            if (moves == MaxMoves)
            {
                throw new ChatStoreUnavailableException($"The change to message {messageId} could not be made visible; the store is too slow.");
            }

            var next = await reservations.ReserveAsync(conversationId, at, CancellationToken.None)
                ?? throw new InvalidOperationException($"Conversation {conversationId} disappeared.");
            MongoStoreLog.ChangeMoved(logger, conversationId, seq, messageId, next);
            var moved = await collections.Messages.UpdateOneAsync(
                MessageQueries.ByIdAtChangeSeq(messageId, seq), MessageQueries.MoveChange(next, isNewMessage), cancellationToken: CancellationToken.None);
            if (moved.MatchedCount == 0)
            {
                await filler.MarkUnusedAsync(conversationId, next, "the change it was moving was superseded");
                return null;
            }

            seq = next;
        }
    }
}
