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
/// Sends. A send with a client message id first inserts that id's claim; only the send that
/// inserted it takes a seq, and replays wait for its message and answer with it, so concurrent
/// replays store one message and take one seq. A send without one cannot lose a race: it takes
/// its seq at once.
/// </summary>
internal sealed class SendWriter(
    ChatCollections collections,
    SeqReservations reservations,
    ChangePublisher publisher,
    VisiblePrefix prefix,
    GapFiller filler,
    TimeProvider timeProvider,
    IOptions<MongoStoreOptions> options,
    ILogger<SendWriter> logger)
{
    /// <returns>The stored message and whether this call created it; <see langword="null"/> when the conversation does not exist.</returns>
    public async Task<AppendResult?> AppendAsync(NewMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.ClientMessageId is not { } clientMessageId)
        {
            return await SendAsync(message, claim: null, cancellationToken);
        }

        var claimId = DocumentIds.SendClaim(message.ConversationId, message.SenderId, clientMessageId);
        var wait = new ClaimWait(timeProvider);
        while (true)
        {
            var owner = Guid.NewGuid().ToString("N");
            if (await TryClaimAsync(new SendClaimDocument { Id = claimId, ConversationId = message.ConversationId, MessageId = message.Id, Owner = owner }, cancellationToken))
            {
                return await SendAsync(message, new SendClaim(claimId, owner), cancellationToken);
            }

            var claim = await collections.SendClaims.Find(SendClaimQueries.ById(claimId)).FirstOrDefaultAsync(cancellationToken);
            if (claim is null)
            {
                // Its holder found no conversation, or failed before storing anything, and let go.
                continue;
            }

            var stored = await collections.Messages.Find(MessageQueries.ById(message.ConversationId, claim.MessageId)).FirstOrDefaultAsync(cancellationToken);
            switch (ClaimRules.NextForSend(stored, wait.HeldFor(claim.Owner), options.Value.GapThreshold))
            {
                case SendStep.ReturnStored:
                    return new AppendResult(DocumentMapper.ToModel(stored!), Created: false);
                case SendStep.Wait:
                    await wait.PauseAsync(cancellationToken);
                    break;
                case SendStep.TakeOver:
                    MongoStoreLog.SendClaimTakenOver(logger, message.ConversationId, claim.MessageId, options.Value.GapThreshold);
                    var taken = await collections.SendClaims.UpdateOneAsync(
                        SendClaimQueries.HeldBy(claimId, claim.Owner), SendClaimQueries.TakeOver(owner), cancellationToken: cancellationToken);
                    if (taken.ModifiedCount == 1)
                    {
                        // Under the claim's message id: if the silent sender was only slow, one insert fails.
                        return await SendAsync(message with { Id = claim.MessageId }, new SendClaim(claimId, owner), cancellationToken);
                    }

                    break;
            }
        }
    }

    /// <summary>Takes the seq, stores the message and publishes it.</summary>
    private async Task<AppendResult?> SendAsync(NewMessage message, SendClaim? claim, CancellationToken cancellationToken)
    {
        var conversationId = message.ConversationId;
        long? seq;
        try
        {
            // A held claim must be finished or let go, so only an unclaimed send may still be cancelled here.
            seq = await reservations.ReserveAsync(conversationId, message.CreatedAt, claim is null ? cancellationToken : CancellationToken.None);
        }
        catch (Exception e) when (claim is not null && MongoErrors.IsTransient(e))
        {
            await ReleaseAsync(claim);
            throw;
        }

        if (seq is not { } taken)
        {
            if (claim is not null)
            {
                await ReleaseAsync(claim);
            }

            return null;
        }

        // From the insert on the claim is never let go: the message may be stored, and a second
        // claim would store another one.
        var document = DocumentMapper.ToDocument(message.ToMessage(taken));
        try
        {
            await collections.Messages.InsertOneAsync(document, cancellationToken: CancellationToken.None);
        }
        catch (MongoWriteException e) when (MongoErrors.IsDuplicateKey(e))
        {
            await filler.MarkUnusedAsync(conversationId, taken, "its send stalled past the gap threshold and another writer stored the message");
            if (claim is not null
                && await collections.Messages.Find(MessageQueries.ById(conversationId, document.Id)).FirstOrDefaultAsync(CancellationToken.None) is { } stored)
            {
                return new AppendResult(DocumentMapper.ToModel(stored), Created: false);
            }

            throw;
        }

        if (await publisher.PublishAsync(new PendingChange(conversationId, document.Id, taken, ClaimOwner: null, message.CreatedAt)) is not { } visibleAt)
        {
            var current = await collections.Messages.Find(MessageQueries.ById(conversationId, document.Id)).FirstAsync(CancellationToken.None);
            return new AppendResult(DocumentMapper.ToModel(current), Created: true);
        }

        await prefix.RaiseAfterWriteAsync(conversationId, visibleAt);
        document.Seq = visibleAt;
        document.ChangeSeq = visibleAt;
        return new AppendResult(DocumentMapper.ToModel(document), Created: true);
    }

    private async Task<bool> TryClaimAsync(SendClaimDocument claim, CancellationToken cancellationToken)
    {
        try
        {
            await collections.SendClaims.InsertOneAsync(claim, cancellationToken: cancellationToken);
            return true;
        }
        catch (MongoWriteException e) when (MongoErrors.IsDuplicateKey(e))
        {
            return false;
        }
    }

    /// <summary>Lets go of a claim whose message was never stored, so a retry need not wait out the threshold.</summary>
    private async Task ReleaseAsync(SendClaim claim)
    {
        try
        {
            await collections.SendClaims.DeleteOneAsync(SendClaimQueries.HeldBy(claim.Id, claim.Owner), CancellationToken.None);
        }
        catch (Exception e) when (MongoErrors.IsTransient(e))
        {
            // The store is gone; a retry takes the claim over after the threshold.
        }
    }

    private sealed record SendClaim(string Id, string Owner);
}
