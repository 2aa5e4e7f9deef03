using BstChat.Storage.Mongo.Claims;
using BstChat.Storage.Mongo.Collections;
using BstChat.Storage.Mongo.Diagnostics;
using BstChat.Storage.Mongo.Documents;
using BstChat.Storage.Mongo.Errors;
using BstChat.Storage.Mongo.GapFree;
using BstChat.Storage.Mongo.Queries;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MongoDB.Driver;

namespace BstChat.Storage.Mongo.Writes;

/// <summary>
/// Edits and deletes. A writer first claims the message with a conditional update (only while
/// the change would change something), and only then takes a seq: concurrent changes of one
/// message take their seqs one after another, each applied to the state the previous one left,
/// and a writer that would change nothing (a tombstone, the same text) takes none. The decisions
/// are <see cref="ClaimRules"/>; this class does their reads and writes.
/// </summary>
internal sealed class UpdateWriter(
    ChatCollections collections,
    SeqReservations reservations,
    ChangePublisher publisher,
    VisiblePrefix prefix,
    GapFiller filler,
    TimeProvider timeProvider,
    IOptions<MongoStoreOptions> options,
    ILogger<UpdateWriter> logger)
{
    private static readonly FindOneAndUpdateOptions<MessageDocument> ReturnAfter = new() { ReturnDocument = ReturnDocument.After };

    /// <returns>The message after the call, or <see langword="null"/> when there is no such message.</returns>
    public async Task<MessageDocument?> UpdateAsync(MessageUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        var wait = new ClaimWait(timeProvider);
        RecordedChange? recorded = null;
        while (true)
        {
            var message = await collections.Messages.Find(MessageQueries.ById(update.ConversationId, update.MessageId)).FirstOrDefaultAsync(cancellationToken);
            if (message is null)
            {
                return null;
            }

            var step = ClaimRules.NextForChange(message, update.NewText, recorded, wait.HeldFor(ClaimWait.Key(message.Claim)), options.Value.GapThreshold);
            switch (step.Kind)
            {
                case ChangeStepKind.LeaveAsIs:
                    return message;
                case ChangeStepKind.RecordHoldersChange:
                    recorded = await RecordHoldersChangeAsync(update.ConversationId, step.Seq!.Value, message.Id, cancellationToken);
                    break;
                case ChangeStepKind.Wait:
                    await wait.PauseAsync(cancellationToken);
                    break;
                default:
                    if (step.Kind == ChangeStepKind.TakeOver)
                    {
                        MongoStoreLog.ChangeClaimTakenOver(logger, update.ConversationId, message.Id, options.Value.GapThreshold);
                    }

                    var owner = Guid.NewGuid().ToString("N");
                    var claimed = await collections.Messages.UpdateOneAsync(
                        MessageQueries.Claimable(update, message.ChangeSeq, step.ExpectedOwner), MessageQueries.Claim(owner), cancellationToken: cancellationToken);
                    if (claimed.ModifiedCount == 1)
                    {
                        return await ChangeClaimedAsync(update, owner, message.Text);
                    }

                    // Someone else claimed it first, or the message changed: look again.
                    break;
            }
        }
    }

    /// <summary>
    /// Records the claim holder's applied change at <paramref name="seq"/> if it has no change
    /// document yet: the change is in the message (its <c>change_seq</c> is <paramref name="seq"/>),
    /// so this is exactly what the holder, or a reader after the threshold, would write.
    /// </summary>
    private async Task<RecordedChange> RecordHoldersChangeAsync(string conversationId, long seq, string messageId, CancellationToken cancellationToken)
    {
        if (await filler.TryInsertAsync(ChangeDocument.For(conversationId, seq, messageId), cancellationToken))
        {
            return new RecordedChange(seq, RecordsMessage: true);
        }

        var recorded = await collections.Changes.Find(ChangeQueries.ById(conversationId, seq)).FirstOrDefaultAsync(cancellationToken);
        return new RecordedChange(seq, recorded?.MessageId == messageId);
    }

    /// <summary>Takes the seq and applies the change while holding the claim; from here on without the caller's cancellation.</summary>
    /// <param name="update">The change.</param>
    /// <param name="owner">The claim this writer holds.</param>
    /// <param name="previousText">The text of the message as claimed (the claim's filter made sure it is the one read).</param>
    private async Task<MessageDocument> ChangeClaimedAsync(MessageUpdate update, string owner, string previousText)
    {
        var (conversationId, messageId) = (update.ConversationId, update.MessageId);
        long seq;
        MessageDocument? changed;
        try
        {
            // Messages are never removed, nor their conversations: the conversation is there.
            seq = await reservations.ReserveAsync(conversationId, update.At, CancellationToken.None)
                ?? throw new InvalidOperationException($"Conversation {conversationId} of message {messageId} does not exist.");
            changed = await collections.Messages.FindOneAndUpdateAsync(
                MessageQueries.HeldBy(conversationId, messageId, owner), MessageQueries.Apply(update, seq, previousText), ReturnAfter, CancellationToken.None);
        }
        catch (Exception e) when (MongoErrors.IsTransient(e))
        {
            // Let the next writer in at once rather than after the threshold; a seq taken is then
            // a dead writer's gap, and a change that was applied after all keeps the claim.
            await ReleaseAsync(conversationId, messageId, owner);
            throw;
        }

        if (changed is null)
        {
            // Another writer took the claim over: this one stalled for longer than the threshold.
            await filler.MarkUnusedAsync(conversationId, seq, "its writer stalled past the gap threshold and lost its claim on the message");
            throw new ChatStoreUnavailableException($"The change to message {messageId} was not made; the store was too slow.");
        }

        if (await publisher.PublishAsync(new PendingChange(conversationId, messageId, seq, owner, update.At)) is not { } visibleAt)
        {
            return await collections.Messages.Find(MessageQueries.ById(conversationId, messageId)).FirstAsync(CancellationToken.None);
        }

        await prefix.RaiseAfterWriteAsync(conversationId, visibleAt);
        changed.ChangeSeq = visibleAt;
        return changed;
    }

    private async Task ReleaseAsync(string conversationId, string messageId, string owner)
    {
        try
        {
            await collections.Messages.UpdateOneAsync(
                MessageQueries.HeldUnapplied(conversationId, messageId, owner), MessageQueries.Release, cancellationToken: CancellationToken.None);
        }
        catch (Exception e) when (MongoErrors.IsTransient(e))
        {
            // The store is gone; the claim passes to the next writer after the threshold.
        }
    }
}
