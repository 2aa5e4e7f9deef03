using BstChat.Storage.EfCore.Diagnostics;
using BstChat.Storage.EfCore.Mapping;
using BstChat.Storage.EfCore.Resilience;
using BstChat.Storage.EfCore.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BstChat.Storage.EfCore.Writes;

/// <summary>
/// The I/O of one group commit: locks the batch's conversations, reads what
/// <see cref="BatchPlanner"/> needs, and applies its plan with a few set-based statements in
/// one transaction. A batch is answered only once that transaction has committed.
/// </summary>
internal sealed class BatchWriter<TContext>(StoreSql sql, StoreOperationRunner<TContext> runner, ILogger logger)
    where TContext : DbContext
{
    /// <summary>
    /// The most writes in one batch. 64 senders fit in one; the multi-row insert takes 11
    /// parameters a row, so 1,100 at most, well inside SQL Server's 2,100 and PostgreSQL's 65,535
    /// (and SQLite's 32,766).
    /// </summary>
    public const int MaxBatchSize = 100;

    /// <summary>Commits <paramref name="writes"/> in one transaction; contention is retried and an outage is <see cref="ChatStoreUnavailableException"/>, for the batch as a whole.</summary>
    public Task<IReadOnlyList<WriteOutcome>> CommitAsync(IReadOnlyList<StoreWrite> writes, CancellationToken cancellationToken) =>
        runner.RunAsync("send, edit or delete", async (db, ct) =>
        {
            try
            {
                return await WriteAsync(db, writes, ct);
            }
            catch (Exception exception) when (StoreFailures.Classify(exception) == StoreFailureKind.Other
                && writes.Any(w => w is SendWrite { Message.ClientMessageId: not null }))
            {
                // The unique index refused a send: a writer that does not take the conversation's
                // lock (an import, an older server) stored its client message id meanwhile. Once
                // more from the start: the replay read under the lock now finds that message.
                EfCoreStoreLog.ConcurrentReplayLost(logger, writes.Count, exception);
                return await WriteAsync(db, writes, ct);
            }
        }, cancellationToken);

    private async Task<IReadOnlyList<WriteOutcome>> WriteAsync(TContext db, IReadOnlyList<StoreWrite> writes, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Locks first, so what is read next is the latest, whichever process wrote it.
        var lastSeqs = await LockAsync(db, [.. writes.Select(w => w.ConversationId).Distinct().Order(StringComparer.Ordinal)], cancellationToken);
        var plan = BatchPlanner.Plan(writes, new BatchState(lastSeqs, await ReadMessagesAsync(db, writes, lastSeqs, cancellationToken)));

        if (plan.Conversations.Count > 0)
        {
            var rows = plan.Conversations.SelectMany(c => new object[] { c.ConversationId, c.LastSeq, c.LastChangeAt });
            await db.Database.ExecuteSqlRawAsync(sql.AdvanceConversations(plan.Conversations.Count), rows, cancellationToken);
        }

        if (plan.NewMessages.Count > 0)
        {
            // EF binds a null argument as SQL NULL (the signature just does not say so).
            var rows = plan.NewMessages.Select(m => m.ToEntity()).SelectMany(m => new object[]
            {
                m.Id, m.ConversationId, m.Seq, m.ChangeSeq, m.SenderId, m.SenderName, m.Text, m.ClientMessageId!, m.CreatedAt, m.EditedAt!, m.DeletedAt!, m.Attachments!,
            });
            await db.Database.ExecuteSqlRawAsync(sql.InsertMessages.Rows(plan.NewMessages.Count), rows, cancellationToken);
        }

        if (plan.Revisions.Count > 0)
        {
            var rows = plan.Revisions.Select(r => r.ToEntity()).SelectMany(r => new object[]
            {
                r.ConversationId, r.ChangeSeq, r.MessageId, (int)r.Kind, r.PreviousText, r.ChangedBy, r.ChangedAt,
            });
            await db.Database.ExecuteSqlRawAsync(sql.InsertRevisions.Rows(plan.Revisions.Count), rows, cancellationToken);
        }

        foreach (var changed in plan.ChangedMessages.Select(m => m.ToEntity()))
        {
            await db.Set<MessageEntity>().Where(m => m.Id == changed.Id && m.ConversationId == changed.ConversationId).ExecuteUpdateAsync(
                s => s.SetProperty(m => m.ChangeSeq, changed.ChangeSeq).SetProperty(m => m.Text, changed.Text)
                    .SetProperty(m => m.EditedAt, changed.EditedAt).SetProperty(m => m.DeletedAt, changed.DeletedAt)
                    .SetProperty(m => m.Attachments, changed.Attachments),
                cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return plan.Outcomes;
    }

    /// <summary>
    /// Locks the conversations until commit and reads the last seq of each that exists. Every
    /// process locks them in one order (see <see cref="StoreSql.LockConversations"/>; here the
    /// ordinal order of their ids), so batches never wait for each other in a cycle.
    /// </summary>
    private async Task<Dictionary<string, long>> LockAsync(TContext db, List<string> conversationIds, CancellationToken cancellationToken)
    {
        if (sql.CanLockConversations)
        {
            // Enumerated, not composed: the statement must run as written.
            var locked = await db.Database.SqlQueryRaw<LockedConversation>(sql.LockConversations(conversationIds.Count), [.. conversationIds])
                .ToListAsync(cancellationToken);
            return locked.ToDictionary(c => c.ConversationId, c => c.LastSeq, StringComparer.Ordinal);
        }

        // Without provider SQL: an UPDATE that changes nothing takes the same lock, and the read
        // after it in the same transaction sees the latest committed value. One conversation at a
        // time, in order.
        var lastSeqs = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var conversationId in conversationIds)
        {
            var conversation = db.Set<ConversationEntity>().Where(c => c.Id == conversationId);
            if (await conversation.ExecuteUpdateAsync(s => s.SetProperty(c => c.LastSeq, c => c.LastSeq), cancellationToken) > 0)
            {
                lastSeqs.Add(conversationId, await conversation.Select(c => c.LastSeq).SingleAsync(cancellationToken));
            }
        }

        return lastSeqs;
    }

    /// <summary>
    /// The stored messages the batch may need, in at most two queries for the whole batch: earlier
    /// sends with its client message ids, and the targets of its edits and deletes.
    /// </summary>
    private static async Task<List<Message>> ReadMessagesAsync(
        TContext db, IReadOnlyList<StoreWrite> writes, Dictionary<string, long> lastSeqs, CancellationToken cancellationToken)
    {
        var found = new List<MessageEntity>();
        var messages = db.Set<MessageEntity>().AsNoTracking();
        var sends = writes.OfType<SendWrite>().Select(s => s.Message).Where(m => m.ClientMessageId is not null && lastSeqs.ContainsKey(m.ConversationId)).ToList();
        if (sends.Count > 0)
        {
            // A superset (any pairing of these conversations, senders and ids); the planner matches
            // exactly. All three columns, so the lookup seeks the unique index instead of scanning
            // the conversation's messages (a busy conversation has many).
            var conversationIds = sends.Select(m => m.ConversationId).Distinct().ToList();
            var senderIds = sends.Select(m => m.SenderId).Distinct().ToList();
            var clientMessageIds = sends.Select(m => m.ClientMessageId!).Distinct().ToList();
            found.AddRange(await messages
                .Where(m => conversationIds.Contains(m.ConversationId) && senderIds.Contains(m.SenderId) && clientMessageIds.Contains(m.ClientMessageId!))
                .ToListAsync(cancellationToken));
        }

        var targetIds = writes.OfType<ChangeWrite>().Where(c => lastSeqs.ContainsKey(c.ConversationId)).Select(c => c.Update.MessageId).Distinct().ToList();
        if (targetIds.Count > 0)
        {
            found.AddRange(await messages.Where(m => targetIds.Contains(m.Id)).ToListAsync(cancellationToken));
        }

        return [.. found.DistinctBy(m => m.Id).Select(m => m.ToModel())];
    }
}
