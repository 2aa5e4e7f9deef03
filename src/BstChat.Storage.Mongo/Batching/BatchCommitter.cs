using BstChat.Storage.Mongo.Collections;
using BstChat.Storage.Mongo.Diagnostics;
using BstChat.Storage.Mongo.Documents;
using BstChat.Storage.Mongo.Errors;
using BstChat.Storage.Mongo.GapFree;
using BstChat.Storage.Mongo.Queries;
using BstChat.Storage.Mongo.Writes;
using Microsoft.Extensions.Logging;
using MongoDB.Driver;

namespace BstChat.Storage.Mongo.Batching;

/// <summary>
/// Commits a batch of sends, edits and deletes with the claim protocol's steps, each step one
/// round trip for the whole batch: claim (<see cref="BatchClaims"/>), take each conversation's
/// seqs with one <c>$inc</c>, store every message write in one bulk write, publish every seq's
/// change document in one insert, raise each watermark once. The decisions are <see cref="BatchPlan"/>'s.
/// Nothing is answered before its change document is written. A write that fails is answered
/// with its failure; once seqs are taken the batch is never committed again (it would store
/// twice): a seq whose change was never stored gets a change document carrying none, and one
/// the batch could not publish is a dead writer's gap, which readers pass after the threshold.
/// </summary>
internal sealed class BatchCommitter(
    ChatCollections collections,
    BatchClaims claims,
    SeqReservations reservations,
    ChangePublisher publisher,
    VisiblePrefix prefix,
    ILogger<BatchCommitter> logger)
{
    /// <summary>Commits the batch; the token is <see cref="GroupCommit{TWrite, TResult}"/>'s, never cancelled.</summary>
    public async Task<IReadOnlyList<WriteOutcome>> CommitAsync(IReadOnlyList<StoreWrite> writes, CancellationToken cancellationToken)
    {
        var batch = new WriteBatch(writes);
        foreach (var i in batch.Open(i => batch.Plans[i].Role == WriteRole.AfterBatch))
        {
            batch.Outcomes[i] = WriteOutcome.RunAlone;
        }

        try
        {
            await claims.ClaimSendsAsync(batch);
            await claims.ClaimChangesAsync(batch);
        }
        catch (Exception e) when (!MongoErrors.IsTransient(e))
        {
            // Nothing stored and no seq taken: the batch may be committed again, write by write.
            await claims.ReleaseAsync(batch, Enumerable.Range(0, batch.Count));
            throw;
        }
        catch (Exception e)
        {
            await FailAsync(batch, e);
            return BatchPlan.Resolve(batch.Plans, batch.Outcomes);
        }

        try
        {
            await ReserveSeqsAsync(batch);
            await StoreAsync(batch);
            await PublishAsync(batch);
        }
        catch (Exception e)
        {
            await FailAsync(batch, e);
            return BatchPlan.Resolve(batch.Plans, batch.Outcomes);
        }

        await RaiseWatermarksAsync(batch);
        return BatchPlan.Resolve(batch.Plans, batch.Outcomes);
    }

    /// <summary>Fails every unfinished write, after letting go of the claims under which nothing was stored.</summary>
    private async Task FailAsync(WriteBatch batch, Exception error)
    {
        await claims.ReleaseAsync(batch, batch.Open(i => !batch.Stored[i]));
        batch.FailOpen(error);
    }

    /// <summary>Takes each conversation's seqs with one <c>$inc</c> and hands them out (<see cref="BatchPlan.Assign"/>).</summary>
    private async Task ReserveSeqsAsync(WriteBatch batch)
    {
        var takesSeq = Enumerable.Range(0, batch.Count).Select(batch.TakesSeq).ToList();
        var taken = await Task.WhenAll(BatchPlan.Demands(batch.Writes, takesSeq).Select(async demand =>
            (demand.ConversationId, Last: await reservations.ReserveAsync(demand.ConversationId, demand.Count, demand.LatestAt, CancellationToken.None))));
        var lastTaken = taken.Where(static t => t.Last is not null).ToDictionary(static t => t.ConversationId, static t => t.Last!.Value, StringComparer.Ordinal);
        var seqs = BatchPlan.Assign(batch.Writes, takesSeq, lastTaken);
        var noConversation = new List<int>();
        for (var i = 0; i < batch.Count; i++)
        {
            if (!takesSeq[i])
            {
                continue;
            }

            if (seqs[i] is { } seq)
            {
                batch.Seqs[i] = seq;
            }
            else if (batch.Writes[i].Send is not null)
            {
                batch.Outcomes[i] = new WriteOutcome.Sent(null);
                noConversation.Add(i);
            }
            else
            {
                // Messages are never removed, nor their conversations: a message read has its conversation.
                batch.Outcomes[i] = new WriteOutcome.Failed(new InvalidOperationException(
                    $"Conversation {batch.Writes[i].ConversationId} of message {batch.Writes[i].MessageId} does not exist."));
                noConversation.Add(i);
            }
        }

        await claims.ReleaseAsync(batch, noConversation);
    }

    /// <summary>Inserts the new messages and applies the edits and deletes under their claims: one bulk write.</summary>
    private async Task StoreAsync(WriteBatch batch)
    {
        var storing = batch.Open(i => batch.Seqs[i] is not null);
        var writes = storing.Select(i => StoreWriteOf(batch, i)).ToList();
        batch.StoreAttempted = true;
        var outcome = await BulkWrites.RunAsync(collections.Messages, writes);
        var toRead = new List<int>();
        for (var k = 0; k < storing.Count; k++)
        {
            var i = storing[k];
            if (outcome.IsDuplicate(k) && batch.SendClaimed[i])
            {
                // Its claim was taken over by a replay that stored the message first: answer with that one.
                batch.UnusedReasons[i] = "another writer stored its message first";
                toRead.Add(i);
            }
            else if (outcome.Errors.ContainsKey(k))
            {
                batch.Fail(i, outcome.Exception!, "its message could not be stored");
            }
            else if (batch.Writes[i].Send is not null)
            {
                batch.Stored[i] = true;
            }
            else
            {
                toRead.Add(i);
            }
        }

        if (toRead.Count == 0)
        {
            return;
        }

        var now = await claims.FindMessagesAsync(toRead.Select(i => batch.Writes[i].MessageId));
        foreach (var i in toRead)
        {
            var message = now.GetValueOrDefault(batch.Writes[i].MessageId);
            if (batch.Writes[i].Send is not null)
            {
                batch.Outcomes[i] = message is not null
                    ? new WriteOutcome.Sent(new AppendResult(DocumentMapper.ToModel(message), Created: false))
                    : new WriteOutcome.Failed(outcome.Exception!);
            }
            else if (message?.Claim is { } claim && claim.Owner == batch.Owners[i] && claim.Seq == batch.Seqs[i])
            {
                batch.Stored[i] = true;
                batch.Results[i] = message;
            }
            else
            {
                // Another writer took the claim over: this batch stalled for longer than the threshold.
                batch.Fail(i, new ChatStoreUnavailableException($"The change to message {batch.Writes[i].MessageId} was not made; the store was too slow."),
                    "its writer stalled past the gap threshold and lost its claim on the message");
            }
        }
    }

    private static WriteModel<MessageDocument> StoreWriteOf(WriteBatch batch, int i)
    {
        var seq = batch.Seqs[i]!.Value;
        if (batch.Writes[i].Send is { } send)
        {
            var document = DocumentMapper.ToDocument(send.ToMessage(seq));
            batch.Results[i] = document;
            return new InsertOneModel<MessageDocument>(document);
        }

        var update = batch.Writes[i].Change!;
        return new UpdateOneModel<MessageDocument>(
            MessageQueries.HeldBy(update.ConversationId, update.MessageId, batch.Owners[i]),
            MessageQueries.Apply(update, seq, batch.ClaimedMessages[i]!.Text));
    }

    /// <summary>
    /// Writes the change document of every seq the batch took, one insert: naming the message for
    /// a stored change, naming none for a write that failed. A seq whose document is there already
    /// (readers passed it while the batch stalled) goes through <see cref="ChangePublisher"/>, which moves the change.
    /// </summary>
    private async Task PublishAsync(WriteBatch batch)
    {
        var taken = batch.WithSeqs();
        var documents = taken.Select(i => (WriteModel<ChangeDocument>)new InsertOneModel<ChangeDocument>(
            ChangeDocument.For(batch.Writes[i].ConversationId, batch.Seqs[i]!.Value, batch.Stored[i] ? batch.Writes[i].MessageId : null))).ToList();
        var outcome = await BulkWrites.RunAsync(collections.Changes, documents);
        for (var k = 0; k < taken.Count; k++)
        {
            var i = taken[k];
            var (write, seq) = (batch.Writes[i], batch.Seqs[i]!.Value);
            batch.Published[i] = !outcome.Errors.ContainsKey(k) || outcome.IsDuplicate(k);
            if (!batch.Stored[i])
            {
                MongoStoreLog.SeqUnused(logger, write.ConversationId, seq, batch.UnusedReasons[i] ?? "its write failed");
                continue;
            }

            long? visibleAt = seq;
            if (outcome.IsDuplicate(k))
            {
                var owner = write.Send is null ? batch.Owners[i] : null;
                visibleAt = await publisher.PublishAsync(new PendingChange(write.ConversationId, write.MessageId, seq, owner, write.At));
            }
            else if (!batch.Published[i])
            {
                // Stored but not visible: readers record it after the threshold.
                batch.Outcomes[i] = new WriteOutcome.Failed(outcome.Exception!);
                continue;
            }

            batch.Outcomes[i] = await AnswerAsync(batch, i, visibleAt);
        }
    }

    /// <summary>The answer of a write whose change is visible at <paramref name="visibleAt"/>, or was superseded before it could move (<see langword="null"/>).</summary>
    private async Task<WriteOutcome> AnswerAsync(WriteBatch batch, int i, long? visibleAt)
    {
        var write = batch.Writes[i];
        if (visibleAt is not { } at)
        {
            var current = await collections.Messages.Find(MessageQueries.ById(write.ConversationId, write.MessageId)).FirstAsync(CancellationToken.None);
            return write.Send is not null ? new WriteOutcome.Sent(new AppendResult(DocumentMapper.ToModel(current), Created: true)) : new WriteOutcome.Changed(current);
        }

        var message = batch.Results[i]!;
        message.ChangeSeq = at;
        if (write.Send is null)
        {
            return new WriteOutcome.Changed(message);
        }

        message.Seq = at;
        return new WriteOutcome.Sent(new AppendResult(DocumentMapper.ToModel(message), Created: true));
    }

    /// <summary>
    /// Raises each conversation's watermark over the batch's seqs at once; a change that moved to
    /// a seq of its own raises it there. Skipped where a change document could not be written.
    /// </summary>
    private async Task RaiseWatermarksAsync(WriteBatch batch)
    {
        var raises = new List<Task>();
        foreach (var conversation in batch.WithSeqs().GroupBy(i => batch.Writes[i].ConversationId, StringComparer.Ordinal))
        {
            if (conversation.All(i => batch.Published[i]))
            {
                raises.Add(prefix.RaiseAfterWriteAsync(conversation.Key, conversation.Min(i => batch.Seqs[i]!.Value), conversation.Max(i => batch.Seqs[i]!.Value)));
            }
        }

        await Task.WhenAll(raises);
        foreach (var i in batch.WithSeqs())
        {
            if (batch.Results[i] is { } message && batch.Stored[i] && message.ChangeSeq != batch.Seqs[i])
            {
                await prefix.RaiseAfterWriteAsync(batch.Writes[i].ConversationId, message.ChangeSeq);
            }
        }
    }
}
