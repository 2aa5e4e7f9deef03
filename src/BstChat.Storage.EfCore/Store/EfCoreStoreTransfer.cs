using BstChat.Storage.EfCore.Mapping;
using BstChat.Storage.EfCore.Resilience;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BstChat.Storage.EfCore.Store;

/// <summary>
/// Export and import for the EF Core store: rows read and written with every field, for copying
/// chat between stores. Like the store, a singleton whose every call runs on a context of its own
/// that tracks nothing: reads are no-tracking and writes are SQL statements, each import in one transaction.
/// </summary>
internal sealed class EfCoreStoreTransfer<TContext> : IChatStoreImport
    where TContext : DbContext
{
    private readonly StoreSql _sql;
    private readonly StoreOperationRunner<TContext> _runner;

    public EfCoreStoreTransfer(IDbContextFactory<TContext> contexts, TimeProvider timeProvider, ILogger<EfCoreStoreTransfer<TContext>> logger)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        using (var db = contexts.CreateDbContext())
        {
            _sql = StoreSql.For(db);
        }

        _runner = new StoreOperationRunner<TContext>(contexts, timeProvider, logger);
    }

    /// <summary>Microseconds: PostgreSQL's precision, applied on every provider (see <see cref="StoredTime"/>).</summary>
    public TimeSpan TimePrecision => TimeSpan.FromMicroseconds(1);

    public async ValueTask<ChatStoreCounts> CountAsync(CancellationToken cancellationToken) =>
        await _runner.RunAsync("count", async (db, ct) => new ChatStoreCounts(
            await db.Set<ConversationEntity>().LongCountAsync(ct),
            await db.Set<MemberEntity>().LongCountAsync(ct),
            await db.Set<MessageEntity>().LongCountAsync(ct),
            await db.Set<MessageRevisionEntity>().LongCountAsync(ct)), cancellationToken);

    public async ValueTask<IReadOnlyList<Conversation>> ExportConversationsAsync(string? afterId, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return await _runner.RunAsync<IReadOnlyList<Conversation>>("export conversations", async (db, ct) =>
        {
            var query = db.Set<ConversationEntity>().AsNoTracking();
            if (afterId is not null)
            {
                // Compared and ordered by the database's collation (an ordinal comparison would not
                // translate): consistent, so pages neither skip nor repeat.
#pragma warning disable CA1309
                query = query.Where(c => string.Compare(c.Id, afterId) > 0);
#pragma warning restore CA1309
            }

            var page = await query.OrderBy(c => c.Id).Take(limit).ToListAsync(ct);
            return [.. page.Select(c => c.ToModel())];
        }, cancellationToken);
    }

    public async ValueTask<Conversation?> ExportConversationAsync(string conversationId, CancellationToken cancellationToken) =>
        await _runner.RunAsync("export conversation", async (db, ct) =>
            (await db.Set<ConversationEntity>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == conversationId, ct))?.ToModel(), cancellationToken);

    public async ValueTask<IReadOnlyList<Member>> ExportMembersAsync(string conversationId, CancellationToken cancellationToken) =>
        await _runner.RunAsync<IReadOnlyList<Member>>("export members", async (db, ct) =>
            [.. (await db.Set<MemberEntity>().AsNoTracking().Where(m => m.ConversationId == conversationId).ToListAsync(ct)).Select(m => m.ToModel())],
            cancellationToken);

    public async ValueTask<IReadOnlyList<Message>> ExportMessagesAsync(string conversationId, long afterSeq, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return await _runner.RunAsync<IReadOnlyList<Message>>("export messages", async (db, ct) =>
        {
            var page = await db.Set<MessageEntity>().AsNoTracking()
                .Where(m => m.ConversationId == conversationId && m.Seq > afterSeq)
                .OrderBy(m => m.Seq)
                .Take(limit)
                .ToListAsync(ct);
            return [.. page.Select(m => m.ToModel())];
        }, cancellationToken);
    }

    public async ValueTask<IReadOnlyList<MessageRevision>> ExportRevisionsAsync(string conversationId, long afterChangeSeq, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return await _runner.RunAsync<IReadOnlyList<MessageRevision>>("export revisions", async (db, ct) =>
        {
            var page = await db.Set<MessageRevisionEntity>().AsNoTracking()
                .Where(r => r.ConversationId == conversationId && r.ChangeSeq > afterChangeSeq)
                .OrderBy(r => r.ChangeSeq)
                .Take(limit)
                .ToListAsync(ct);
            return [.. page.Select(r => r.ToModel())];
        }, cancellationToken);
    }

    public async ValueTask ImportRevisionsAsync(IReadOnlyList<MessageRevision> revisions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(revisions);
        if (revisions.Count == 0)
        {
            return;
        }

        var rows = revisions.Select(r => r.ToEntity()).ToList();
        await _runner.RunAsync("import revisions", async (db, ct) =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            foreach (var row in rows)
            {
                // Replaced whole: the copy holds exactly the source's row at this change seq.
                await db.Set<MessageRevisionEntity>().Where(r => r.ConversationId == row.ConversationId && r.ChangeSeq == row.ChangeSeq).ExecuteDeleteAsync(ct);
                await db.Database.ExecuteSqlRawAsync(
                    _sql.InsertRevisions.Rows(1),
                    [row.ConversationId, row.ChangeSeq, row.MessageId, (int)row.Kind, row.PreviousText, row.ChangedBy, row.ChangedAt],
                    ct);
            }

            await transaction.CommitAsync(ct);
            return true;
        }, cancellationToken);
    }

    public async ValueTask ImportConversationAsync(Conversation conversation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var row = conversation.ToEntity();
        await _runner.RunAsync("import conversation", async (db, ct) =>
        {
            var updated = await db.Set<ConversationEntity>().Where(c => c.Id == row.Id).ExecuteUpdateAsync(
                s => s.SetProperty(c => c.Title, row.Title)
                    .SetProperty(c => c.CreatedAt, row.CreatedAt)
                    .SetProperty(c => c.LastSeq, row.LastSeq)
                    .SetProperty(c => c.LastChangeAt, row.LastChangeAt),
                ct);
            if (updated == 0)
            {
                await db.Database.ExecuteSqlRawAsync(_sql.InsertConversation, [row.Id, row.Title, row.CreatedAt, row.LastSeq, row.LastChangeAt], ct);
            }

            return true;
        }, cancellationToken);
    }

    public async ValueTask ImportMembersAsync(string conversationId, IReadOnlyList<Member> members, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.FirstOrDefault(m => m.ConversationId != conversationId) is { } stray)
        {
            throw new ArgumentException($"Member {stray.UserId} belongs to {stray.ConversationId}, not {conversationId}.", nameof(members));
        }

        var rows = members.Select(m => m.ToEntity()).ToList();
        var userIds = rows.Select(r => r.UserId).ToList();
        await _runner.RunAsync("import members", async (db, ct) =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.Set<MemberEntity>().Where(m => m.ConversationId == conversationId && !userIds.Contains(m.UserId)).ExecuteDeleteAsync(ct);
            foreach (var row in rows)
            {
                var updated = await db.Set<MemberEntity>().Where(m => m.ConversationId == row.ConversationId && m.UserId == row.UserId).ExecuteUpdateAsync(
                    s => s.SetProperty(m => m.DisplayName, row.DisplayName)
                        .SetProperty(m => m.Role, row.Role)
                        .SetProperty(m => m.JoinedAt, row.JoinedAt)
                        .SetProperty(m => m.LastReadSeq, row.LastReadSeq),
                    ct);
                if (updated == 0)
                {
                    await db.Database.ExecuteSqlRawAsync(
                        _sql.InsertMember, [row.ConversationId, row.UserId, row.DisplayName, (int)row.Role, row.JoinedAt, row.LastReadSeq], ct);
                }
            }

            await transaction.CommitAsync(ct);
            return true;
        }, cancellationToken);
    }

    public async ValueTask ImportMessagesAsync(IReadOnlyList<Message> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
        {
            return;
        }

        var rows = messages.Select(m => m.ToEntity()).ToList();
        var ids = rows.Select(r => r.Id).ToList();
        await _runner.RunAsync("import messages", async (db, ct) =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var existing = (await db.Set<MessageEntity>().Where(m => ids.Contains(m.Id)).Select(m => m.Id).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
            foreach (var row in rows)
            {
                if (existing.Contains(row.Id))
                {
                    await UpdateAsync(db, row, ct);
                    continue;
                }

                // EF binds a null argument as SQL NULL (the signature just does not say so).
                await db.Database.ExecuteSqlRawAsync(
                    _sql.InsertMessage,
                    [row.Id, row.ConversationId, row.Seq, row.ChangeSeq, row.SenderId, row.SenderName, row.Text, row.ClientMessageId!, row.CreatedAt, row.Attachments!],
                    ct);
                if (row.EditedAt is not null || row.DeletedAt is not null)
                {
                    // The insert is the one of a send; an edited or deleted message gets its times as the store's own edit would.
                    await UpdateAsync(db, row, ct);
                }
            }

            await transaction.CommitAsync(ct);
            return true;
        }, cancellationToken);
    }

    private static Task<int> UpdateAsync(TContext db, MessageEntity row, CancellationToken cancellationToken) =>
        db.Set<MessageEntity>().Where(m => m.Id == row.Id && m.ConversationId == row.ConversationId).ExecuteUpdateAsync(
            s => s.SetProperty(m => m.Seq, row.Seq)
                .SetProperty(m => m.ChangeSeq, row.ChangeSeq)
                .SetProperty(m => m.SenderId, row.SenderId)
                .SetProperty(m => m.SenderName, row.SenderName)
                .SetProperty(m => m.Text, row.Text)
                .SetProperty(m => m.ClientMessageId, row.ClientMessageId)
                .SetProperty(m => m.CreatedAt, row.CreatedAt)
                .SetProperty(m => m.EditedAt, row.EditedAt)
                .SetProperty(m => m.DeletedAt, row.DeletedAt)
                .SetProperty(m => m.Attachments, row.Attachments),
            cancellationToken);
}
