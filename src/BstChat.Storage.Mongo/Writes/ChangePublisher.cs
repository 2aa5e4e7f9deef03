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
/// edit and delete. Runs without the caller's cancellation: a change that is applied must become
/// visible, or readers would wait out the gap threshold for it.
/// </summary>
internal sealed class ChangePublisher(ChatCollections collections, SeqReservations reservations, GapFiller filler, ILogger<ChangePublisher> logger)
{
    /// <summary>How often a change may move to a new seq before the writer gives up; each move means a multi-second stall.</summary>
    public const int MaxMoves = 3;

    /// <summary>
    /// Writes the change document for the change's seq. When readers already passed that seq as
    /// a dead writer's gap (the writer stalled for longer than the threshold), the change moves to
    /// a new seq, so it is never lost to them.
    /// </summary>
    /// <returns>The seq the change is visible at, or <see langword="null"/> when a later change superseded it before it could move.</returns>
    public async Task<long?> PublishAsync(PendingChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var (conversationId, messageId, seq) = (change.ConversationId, change.MessageId, change.Seq);
        for (var moves = 0; ; moves++)
        {
            if (await filler.TryInsertAsync(ChangeDocument.For(conversationId, seq, messageId), CancellationToken.None))
            {
                return seq;
            }

            var recorded = await collections.Changes.Find(ChangeQueries.ById(conversationId, seq)).FirstOrDefaultAsync(CancellationToken.None);
            if (recorded?.MessageId == messageId)
            {
                // A reader (or the next writer of the message) found the change and recorded it.
                return seq;
            }

            if (moves == MaxMoves)
            {
                throw new ChatStoreUnavailableException($"The change to message {messageId} could not be made visible; the store is too slow.");
            }

            // Only a change that is still the message's latest, under this writer's claim, moves;
            // a later one delivers the message in its current state anyway, and takes no seq here.
            var current = await collections.Messages.Find(MessageQueries.ById(conversationId, messageId)).FirstOrDefaultAsync(CancellationToken.None);
            if (current is null || current.ChangeSeq != seq || current.Claim?.Owner != change.ClaimOwner)
            {
                return null;
            }

            var next = await reservations.ReserveAsync(conversationId, change.At, CancellationToken.None)
                ?? throw new InvalidOperationException($"Conversation {conversationId} disappeared.");
            MongoStoreLog.ChangeMoved(logger, conversationId, seq, messageId, next);
            var moved = await collections.Messages.UpdateOneAsync(
                MessageQueries.MovableFrom(messageId, seq, change.ClaimOwner, change.IsNewMessage),
                MessageQueries.MoveChange(next, change.IsNewMessage),
                cancellationToken: CancellationToken.None);
            if (moved.MatchedCount == 0)
            {
                await filler.MarkUnusedAsync(conversationId, next, "the change it was moving was superseded meanwhile");
                return null;
            }

            seq = next;
        }
    }
}
