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
/// Writes change documents. Every insert is insert-if-absent on the <c>_id</c> "conversation/seq",
/// so whoever writes a seq's document first decides it, and nobody can write it twice.
/// </summary>
internal sealed class GapFiller(ChatCollections collections, IOptions<MongoStoreOptions> options, ILogger<GapFiller> logger)
{
    /// <summary>Inserts a change document.</summary>
    /// <returns>Whether it was inserted; <see langword="false"/> when that seq already had one.</returns>
    public async Task<bool> TryInsertAsync(ChangeDocument change, CancellationToken cancellationToken)
    {
        try
        {
            await collections.Changes.InsertOneAsync(change, cancellationToken: cancellationToken);
            return true;
        }
        catch (MongoWriteException e) when (MongoErrors.IsDuplicateKey(e))
        {
            return false;
        }
    }

    /// <summary>
    /// A writer marks its own seq as carrying no change (it stalled past the gap threshold and
    /// was overtaken, or its moved change was superseded), so readers need not wait for it.
    /// </summary>
    public async Task MarkUnusedAsync(string conversationId, long seq, string reason)
    {
        MongoStoreLog.SeqUnused(logger, conversationId, seq, reason);
        await TryInsertAsync(ChangeDocument.For(conversationId, seq, messageId: null), CancellationToken.None);
    }

    /// <summary>
    /// A reader fills a gap whose writer it takes for dead. If the writer got as far as changing a
    /// message, the change is recorded for it; otherwise the seq is marked as carrying no change.
    /// A writer that was only slow finds the seq taken and moves its change to a new one.
    /// </summary>
    public async Task FillAsync(string conversationId, long seq, CancellationToken cancellationToken)
    {
        var stranded = await collections.Messages
            .Find(MessageQueries.ByChangeSeq(conversationId, seq))
            .FirstOrDefaultAsync(cancellationToken);
        if (!await TryInsertAsync(ChangeDocument.For(conversationId, seq, stranded?.Id), cancellationToken))
        {
            return;
        }

        var threshold = options.Value.GapThreshold;
        if (stranded is not null)
        {
            MongoStoreLog.GapCompleted(logger, conversationId, seq, stranded.Id, threshold);
        }
        else
        {
            MongoStoreLog.GapSkipped(logger, conversationId, seq, threshold);
        }
    }
}
