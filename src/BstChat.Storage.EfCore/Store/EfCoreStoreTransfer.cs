using BstChat.Storage.EfCore.Mapping;
using BstChat.Storage.EfCore.Resilience;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BstChat.Storage.EfCore.Store;

/// <summary>
/// Export and import for the EF Core store: rows read and written with every field, for copying
/// chat between stores. Like the store, it never touches the context's change tracker: reads are
/// no-tracking and writes are SQL statements, each import in one transaction.
/// </summary>
internal sealed class EfCoreStoreTransfer<TContext> : IChatStoreImport
    where TContext : DbContext
{
    private readonly TContext _db;
    private readonly StoreSql _sql;
    private readonly StoreOperationRunner _runner;

    public EfCoreStoreTransfer(TContext db, TimeProvider timeProvider, ILogger<EfCoreStoreTransfer<TContext>> logger)
    {
        ArgumentNullException.ThrowIfNull(db);
        _db = db;
        _sql = StoreSql.For(db);
        _runner = new StoreOperationRunner(db, timeProvider, logger);
    }

    /// <summary>Microseconds: PostgreSQL's precision, applied on every provider (see <see cref="StoredTime"/>).</summary>
    public TimeSpan TimePrecision => TimeSpan.FromMicroseconds(1);

    private DbSet<ConversationEntity> Conversations => _db.Set<ConversationEntity>();

    private DbSet<MemberEntity> Members => _db.Set<MemberEntity>();

    private DbSet<MessageEntity> Messages => _db.Set<MessageEntity>();

    private DbSet<MessageRevisionEntity> Revisions => _db.Set<MessageRevisionEntity>();

    public async ValueTask<ChatStoreCounts> CountAsync(CancellationToken cancellationToken) =>
        await _runner.RunAsync("count", async ct => new ChatStoreCounts(
            await Conversations.LongCountAsync(ct),
            await Members.LongCountAsync(ct),
            await Messages.LongCountAsync(ct),
            await Revisions.LongCountAsync(ct)), cancellationToken);

    public async ValueTask<IReadOnlyList<Conversation>> ExportConversationsAsync(string? afterId, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return await _runner.RunAsync<IReadOnlyList<Conversation>>("export conversations", async ct =>
        {
            var query = Conversations.AsNoTracking();
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
        await _runner.RunAsync("export conversation", async ct =>
            (await Conversations.AsNoTracking().FirstOrDefaultAsync(c => c.Id == conversationId, ct))?.ToModel(), cancellationToken);

    public async ValueTask<IReadOnlyList<Member>> ExportMembersAsync(string conversationId, CancellationToken cancellationToken) =>
        await _runner.RunAsync<IReadOnlyList<Member>>("export members", async ct =>
            [.. (await Members.AsNoTracking().Where(m => m.ConversationId == conversationId).ToListAsync(ct)).Select(m => m.ToModel())],
            cancellationToken);

    public async ValueTask<IReadOnlyList<Message>> ExportMessagesAsync(string conversationId, long afterSeq, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return await _runner.RunAsync<IReadOnlyList<Message>>("export messages", async ct =>
        {
            var page = await Messages.AsNoTracking()
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
        return await _runner.RunAsync<IReadOnlyList<MessageRevision>>("export revisions", async ct =>
        {
            var page = await Revisions.AsNoTracking()
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
        await _runner.RunAsync("import revisions", async ct =>
        {
            await using var transaction = await _db.Database.BeginTransactionAsync(ct);
            foreach (var row in rows)
            {
                // Replaced whole: the copy holds exactly the source's row at this change seq.
                await Revisions.Where(r => r.ConversationId == row.ConversationId && r.ChangeSeq == row.ChangeSeq).ExecuteDeleteAsync(ct);
                await _db.Database.ExecuteSqlRawAsync(
                    _sql.InsertRevision,
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
        await _runner.RunAsync("import conversation", async ct =>
        {
            var updated = await Conversations.Where(c => c.Id == row.Id).ExecuteUpdateAsync(
                s => s.SetProperty(c => c.Title, row.Title)
                    .SetProperty(c => c.CreatedAt, row.CreatedAt)
                    .SetProperty(c => c.LastSeq, row.LastSeq)
                    .SetProperty(c => c.LastChangeAt, row.LastChangeAt),
                ct);
            if (updated == 0)
            {
                await _db.Database.ExecuteSqlRawAsync(_sql.InsertConversation, [row.Id, row.Title, row.CreatedAt, row.LastSeq, row.LastChangeAt], ct);
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
        await _runner.RunAsync("import members", async ct =>
        {
            await using var transaction = await _db.Database.BeginTransactionAsync(ct);
            await Members.Where(m => m.ConversationId == conversationId && !userIds.Contains(m.UserId)).ExecuteDeleteAsync(ct);
            foreach (var row in rows)
            {
                var updated = await Members.Where(m => m.ConversationId == row.ConversationId && m.UserId == row.UserId).ExecuteUpdateAsync(
                    s => s.SetProperty(m => m.DisplayName, row.DisplayName)
                        .SetProperty(m => m.Role, row.Role)
                        .SetProperty(m => m.JoinedAt, row.JoinedAt)
                        .SetProperty(m => m.LastReadSeq, row.LastReadSeq),
                    ct);
                if (updated == 0)
                {
                    await _db.Database.ExecuteSqlRawAsync(
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
        await _runner.RunAsync("import messages", async ct =>
        {
            await using var transaction = await _db.Database.BeginTransactionAsync(ct);
            var existing = (await Messages.Where(m => ids.Contains(m.Id)).Select(m => m.Id).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
            foreach (var row in rows)
            {
                if (existing.Contains(row.Id))
                {
                    await UpdateAsync(row, ct);
                    continue;
                }

                // EF binds a null argument as SQL NULL (the signature just does not say so).
                await _db.Database.ExecuteSqlRawAsync(
                    _sql.InsertMessage,
                    [row.Id, row.ConversationId, row.Seq, row.ChangeSeq, row.SenderId, row.SenderName, row.Text, row.ClientMessageId!, row.CreatedAt],
                    ct);
                if (row.EditedAt is not null || row.DeletedAt is not null)
                {
                    // The insert is the one of a send; an edited or deleted message gets its times as the store's own edit would.
                    await UpdateAsync(row, ct);
                }
            }

            await transaction.CommitAsync(ct);
            return true;
        }, cancellationToken);
    }

    private Task<int> UpdateAsync(MessageEntity row, CancellationToken cancellationToken) =>
        Messages.Where(m => m.Id == row.Id && m.ConversationId == row.ConversationId).ExecuteUpdateAsync(
            s => s.SetProperty(m => m.Seq, row.Seq)
                .SetProperty(m => m.ChangeSeq, row.ChangeSeq)
                .SetProperty(m => m.SenderId, row.SenderId)
                .SetProperty(m => m.SenderName, row.SenderName)
                .SetProperty(m => m.Text, row.Text)
                .SetProperty(m => m.ClientMessageId, row.ClientMessageId)
                .SetProperty(m => m.CreatedAt, row.CreatedAt)
                .SetProperty(m => m.EditedAt, row.EditedAt)
                .SetProperty(m => m.DeletedAt, row.DeletedAt),
            cancellationToken);
}
