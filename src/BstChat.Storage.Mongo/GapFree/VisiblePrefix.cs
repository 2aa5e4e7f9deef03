using BstChat.Storage.Mongo.Collections;
using BstChat.Storage.Mongo.Diagnostics;
using BstChat.Storage.Mongo.Documents;
using BstChat.Storage.Mongo.Errors;
using BstChat.Storage.Mongo.Queries;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MongoDB.Driver;

namespace BstChat.Storage.Mongo.GapFree;

/// <summary>
/// Finds a conversation's gap-free prefix head from the store and keeps its watermark
/// (<c>visible_seq</c>) up: the I/O around <see cref="GapFreePrefix"/>.
/// </summary>
internal sealed class VisiblePrefix(
    ChatCollections collections,
    GapObservations observations,
    GapFiller filler,
    TimeProvider timeProvider,
    IOptions<MongoStoreOptions> options,
    ILogger<VisiblePrefix> logger)
{
    /// <summary>The most change documents read above the watermark in one look.</summary>
    public const int ScanLimit = 1000;

    private static readonly FindOneAndUpdateOptions<ConversationDocument> ReturnAfter = new() { ReturnDocument = ReturnDocument.After };

    /// <summary>
    /// The highest seq that is visible with every seq before it. Fills gaps older than the
    /// threshold on the way, and raises the watermark to what it found.
    /// </summary>
    public async Task<long> HeadAsync(ConversationDocument conversation, CancellationToken cancellationToken)
    {
        var id = conversation.Id;
        if (conversation.VisibleSeq >= conversation.ReservedSeq)
        {
            observations.Observe(id, [], timeProvider.GetUtcNow());
            return conversation.VisibleSeq;
        }

        var present = await collections.Changes
            .Find(ChangeQueries.Range(id, conversation.VisibleSeq, conversation.ReservedSeq))
            .Sort(ChangeQueries.BySeq)
            .Limit(ScanLimit)
            .Project<ChangeDocument>(ChangeQueries.SeqOnly)
            .ToListAsync(cancellationToken);
        var scan = new PrefixScan(conversation.VisibleSeq, conversation.ReservedSeq, [.. present.Select(static c => c.Seq)], present.Count < ScanLimit);
        var ages = observations.Observe(id, GapFreePrefix.FindGaps(scan), timeProvider.GetUtcNow());
        var decision = GapFreePrefix.Decide(scan, ages, options.Value.GapThreshold);
        foreach (var gap in decision.GapsToFill)
        {
            await filler.FillAsync(id, gap, cancellationToken);
        }

        if (decision.Head > conversation.VisibleSeq)
        {
            await collections.Conversations.UpdateOneAsync(
                ConversationQueries.ById(id), ConversationQueries.RaiseVisible(decision.Head), cancellationToken: cancellationToken);
        }

        return decision.Head;
    }

    /// <summary>
    /// After a writer recorded its change at <paramref name="seq"/>: raises the watermark in one
    /// step when the writer was next in line and alone, else looks for the head. Best effort:
    /// the change is stored already, and readers raise the watermark too.
    /// </summary>
    public Task RaiseAfterWriteAsync(string conversationId, long seq) => RaiseAfterWriteAsync(conversationId, seq, seq);

    /// <summary>
    /// After a batch made every seq from <paramref name="firstSeq"/> to <paramref name="lastSeq"/>
    /// visible (each has its change document): raises the watermark over all of them in one step
    /// when the batch was next in line and alone, else looks for the head.
    /// </summary>
    public async Task RaiseAfterWriteAsync(string conversationId, long firstSeq, long lastSeq)
    {
        try
        {
            var raised = await collections.Conversations.FindOneAndUpdateAsync(
                ConversationQueries.VisibleUpTo(conversationId, firstSeq - 1), ConversationQueries.SetVisible(lastSeq), ReturnAfter, CancellationToken.None);
            if (raised is not null && raised.ReservedSeq == lastSeq)
            {
                return;
            }

            // Writers finished out of order, or others are in flight: the last to finish moves the watermark past all of them.
            var current = await collections.Conversations.Find(ConversationQueries.ById(conversationId)).FirstOrDefaultAsync(CancellationToken.None);
            if (current is not null)
            {
                await HeadAsync(current, CancellationToken.None);
            }
        }
        catch (Exception e) when (MongoErrors.IsTransient(e))
        {
            MongoStoreLog.WatermarkNotRaised(logger, conversationId, lastSeq, e);
        }
    }
}
