using BstChat.Storage.Mongo.Claims;
using BstChat.Storage.Mongo.Collections;
using BstChat.Storage.Mongo.Documents;
using BstChat.Storage.Mongo.Errors;
using BstChat.Storage.Mongo.Queries;
using Microsoft.Extensions.Options;
using MongoDB.Driver;

namespace BstChat.Storage.Mongo.Batching;

/// <summary>
/// The first step of a batch: each write claims what it changes, as it would alone, but all
/// claims of a kind in one round trip. A write that finds its claim taken runs alone after the
/// batch (<see cref="WriteOutcome.RunAlone"/>), where the claim protocol waits for the holder.
/// </summary>
internal sealed class BatchClaims(ChatCollections collections, IOptions<MongoStoreOptions> options)
{
    /// <summary>Inserts the send claims of the batch's sends with a client message id, one insert for all.</summary>
    public async Task ClaimSendsAsync(WriteBatch batch)
    {
        var claiming = batch.Open(i => batch.Plans[i].Role == WriteRole.Claim && batch.Writes[i].Send is not null);
        var inserts = claiming.Select(i => (WriteModel<SendClaimDocument>)new InsertOneModel<SendClaimDocument>(ClaimOf(batch.Writes[i].Send!, batch.Owners[i]))).ToList();
        var outcome = await BulkWrites.RunAsync(collections.SendClaims, inserts);
        for (var k = 0; k < claiming.Count; k++)
        {
            var i = claiming[k];
            if (outcome.IsDuplicate(k))
            {
                // A replay of a send outside the batch: it waits for that send's message, alone.
                batch.Outcomes[i] = WriteOutcome.RunAlone;
            }
            else if (outcome.Errors.ContainsKey(k))
            {
                batch.Outcomes[i] = new WriteOutcome.Failed(outcome.Exception!);
            }
            else
            {
                batch.SendClaimed[i] = true;
            }
        }
    }

    /// <summary>
    /// Reads the messages the batch's edits and deletes change, decides each (<see cref="BatchPlan.ForChange"/>)
    /// and claims those that will change something, one update for all.
    /// </summary>
    public async Task ClaimChangesAsync(WriteBatch batch)
    {
        var changing = batch.Open(i => batch.Plans[i].Role == WriteRole.Claim && batch.Writes[i].Change is not null);
        if (changing.Count == 0)
        {
            return;
        }

        var messages = await FindMessagesAsync(changing.Select(i => batch.Writes[i].MessageId));
        var recorded = await FindHoldersChangesAsync(messages.Values);
        var claimants = new List<int>();
        var claims = new List<WriteModel<MessageDocument>>();
        foreach (var i in changing)
        {
            var update = batch.Writes[i].Change!;
            var message = messages.GetValueOrDefault(update.MessageId);
            var action = BatchPlan.ForChange(message, update, RecordedFor(message, recorded), options.Value.GapThreshold);
            switch (action.Kind)
            {
                case ChangeActionKind.NotFound:
                    batch.Outcomes[i] = new WriteOutcome.Changed(null);
                    break;
                case ChangeActionKind.LeaveAsIs:
                    batch.Outcomes[i] = new WriteOutcome.Changed(message);
                    break;
                case ChangeActionKind.RunAlone:
                    batch.Outcomes[i] = WriteOutcome.RunAlone;
                    break;
                default:
                    claimants.Add(i);
                    claims.Add(new UpdateOneModel<MessageDocument>(
                        MessageQueries.Claimable(update, message!.ChangeSeq, action.ExpectedOwner), MessageQueries.Claim(batch.Owners[i])));
                    break;
            }
        }

        var outcome = await BulkWrites.RunAsync(collections.Messages, claims);
        // The counts cannot say which claims missed; only then are the messages read again.
        var now = outcome.ModifiedAll(claims.Count) ? null : await FindMessagesAsync(claimants.Select(i => batch.Writes[i].MessageId));
        for (var k = 0; k < claimants.Count; k++)
        {
            var i = claimants[k];
            if (outcome.Errors.ContainsKey(k))
            {
                batch.Outcomes[i] = new WriteOutcome.Failed(outcome.Exception!);
            }
            else if (now is null || now.GetValueOrDefault(batch.Writes[i].MessageId)?.Claim?.Owner == batch.Owners[i])
            {
                // The claim's filter held the message at the state read, so its text is the one replaced.
                batch.ClaimedMessages[i] = messages[batch.Writes[i].MessageId];
            }
            else
            {
                // Another writer claimed it first, or changed it since it was read: look again, alone.
                batch.Outcomes[i] = WriteOutcome.RunAlone;
            }
        }
    }

    /// <summary>
    /// Lets go of the claims of writes that stored nothing, so a retry need not wait out the
    /// threshold: send claims only before the batch sent its messages' writes (a message may be
    /// stored from then on), message claims only while no change is applied under them.
    /// Best effort: a claim left behind passes to the next writer after the threshold.
    /// </summary>
    /// <param name="batch">The batch.</param>
    /// <param name="writes">The writes whose claims go.</param>
    public async Task ReleaseAsync(WriteBatch batch, IEnumerable<int> writes)
    {
        var sendClaims = new List<WriteModel<SendClaimDocument>>();
        var messageClaims = new List<WriteModel<MessageDocument>>();
        foreach (var i in writes)
        {
            var write = batch.Writes[i];
            if (batch.SendClaimed[i] && !batch.StoreAttempted)
            {
                var send = write.Send!;
                var claimId = DocumentIds.SendClaim(send.ConversationId, send.SenderId, send.ClientMessageId!);
                sendClaims.Add(new DeleteOneModel<SendClaimDocument>(SendClaimQueries.HeldBy(claimId, batch.Owners[i])));
            }
            else if (batch.ClaimedMessages[i] is not null)
            {
                messageClaims.Add(new UpdateOneModel<MessageDocument>(
                    MessageQueries.HeldUnapplied(write.ConversationId, write.MessageId, batch.Owners[i]), MessageQueries.Release));
            }
        }

        try
        {
            await BulkWrites.RunAsync(collections.SendClaims, sendClaims);
            await BulkWrites.RunAsync(collections.Messages, messageClaims);
        }
        catch (Exception e) when (MongoErrors.IsTransient(e))
        {
            // The store is gone; the claims pass to the next writer after the threshold.
        }
    }

    /// <summary>The messages with these ids, by id.</summary>
    public async Task<Dictionary<string, MessageDocument>> FindMessagesAsync(IEnumerable<string> messageIds)
    {
        var found = await collections.Messages.Find(MessageQueries.AnyOfIds(messageIds.Distinct(StringComparer.Ordinal))).ToListAsync(CancellationToken.None);
        return found.ToDictionary(static m => m.Id, StringComparer.Ordinal);
    }

    /// <summary>The change documents at the seqs of the changes the messages' claim holders applied, by id.</summary>
    private async Task<Dictionary<string, ChangeDocument>> FindHoldersChangesAsync(IEnumerable<MessageDocument> messages)
    {
        var applied = messages.Where(static m => m.Claim?.Seq is not null).Select(static m => (m.ConversationId, m.Claim!.Seq!.Value)).ToList();
        if (applied.Count == 0)
        {
            return [];
        }

        var changes = await collections.Changes.Find(ChangeQueries.AnyOf(applied)).ToListAsync(CancellationToken.None);
        return changes.ToDictionary(static c => c.Id, StringComparer.Ordinal);
    }

    /// <summary>What the batch found at the seq of the change the message's claim holder applied, if it applied one and anything is there.</summary>
    private static RecordedChange? RecordedFor(MessageDocument? message, Dictionary<string, ChangeDocument> changes)
    {
        if (message?.Claim?.Seq is not { } seq)
        {
            return null;
        }

        return changes.TryGetValue(DocumentIds.Change(message.ConversationId, seq), out var change)
            ? new RecordedChange(seq, RecordsMessage: change.MessageId == message.Id)
            : null;
    }

    private static SendClaimDocument ClaimOf(NewMessage send, string owner) => new()
    {
        Id = DocumentIds.SendClaim(send.ConversationId, send.SenderId, send.ClientMessageId!),
        ConversationId = send.ConversationId,
        MessageId = send.Id,
        Owner = owner,
    };
}
