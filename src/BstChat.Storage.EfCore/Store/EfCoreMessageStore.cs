using System.Data.Common;
using System.Runtime.CompilerServices;
using BstChat.Storage.EfCore.Mapping;
using BstChat.Storage.EfCore.Resilience;
using BstChat.Storage.EfCore.Writes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BstChat.Storage.EfCore.Store;

/// <summary>
/// <see cref="IMessageStore"/> over any relational EF Core context whose model called
/// <c>UseBstChat()</c>. A singleton: each call runs on a context of its own from the host's
/// <see cref="IDbContextFactory{TContext}"/>.
/// </summary>
/// <remarks>
/// <para>Sends, edits and deletes are group-committed (<see cref="GroupCommit{TWrite, TResult}"/>,
/// one per store instance): those that arrive while a commit is in flight go together into the
/// next transaction. It first locks its conversations' rows (in one order every process shares),
/// so it reads their latest <c>last_seq</c> and messages; <see cref="BatchPlanner"/> then
/// decides every write's seq and answer, and the transaction takes the seqs, inserts and
/// updates, and commits once, before any write is answered. The lock is held until commit, so
/// sequence numbers are taken and made visible in order: nothing is skipped or repeated, and no
/// reader sees n+1 before n, whichever process wrote them (docs/design-notes.md, "Group commit").</para>
/// <para>The store never uses a context of the host's: its own contexts track nothing (reads are
/// no-tracking, writes are SQL statements).</para>
/// </remarks>
internal sealed class EfCoreMessageStore<TContext> : IMessageStore
    where TContext : DbContext
{
    // The change feed's reads, compiled once per model (a compiled query is bound to the model it
    // first ran with, and one context type may be used with several providers).
    private static readonly ConditionalWeakTable<IModel, CompiledReads> ReadsByModel = [];

    private readonly StoreSql _sql;
    private readonly StoreOperationRunner<TContext> _runner;
    private readonly GroupCommit<StoreWrite, WriteOutcome> _writes;
    private readonly CompiledReads _reads;

    public EfCoreMessageStore(IDbContextFactory<TContext> contexts, IOptions<BstChatOptions> options, TimeProvider timeProvider, ILogger<EfCoreMessageStore<TContext>> logger)
        : this(contexts, StoreSql.For, options, timeProvider, logger)
    {
    }

    /// <param name="contexts">The host's context factory.</param>
    /// <param name="sql">Builds the SQL from a context of the factory's; tests pass one that skips the provider's own SQL.</param>
    /// <param name="options">Chat options, for the longest message.</param>
    /// <param name="timeProvider">The clock for retry back-off.</param>
    /// <param name="logger">The store's logger.</param>
    internal EfCoreMessageStore(
        IDbContextFactory<TContext> contexts, Func<DbContext, StoreSql> sql, IOptions<BstChatOptions> options, TimeProvider timeProvider, ILogger<EfCoreMessageStore<TContext>> logger)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentNullException.ThrowIfNull(options);
        // Every context of one factory has the same model: read it once, from a context that never opens a connection.
        using (var db = contexts.CreateDbContext())
        {
            _sql = sql(db);
            _reads = ReadsByModel.GetValue(db.Model, static _ => new CompiledReads());
        }

        _runner = new StoreOperationRunner<TContext>(contexts, timeProvider, logger);
        var writer = new BatchWriter<TContext>(_sql, _runner, logger);
        _writes = new GroupCommit<StoreWrite, WriteOutcome>(writer.CommitAsync, BatchWriter<TContext>.MaxBatchSize);

        var maxLength = options.Value.MaxMessageLength;
        if (_sql.MaxMessageLength is { } columnLength && maxLength > columnLength)
        {
            throw new InvalidOperationException(
                $"BstChatOptions.MaxMessageLength is {maxLength}, but {typeof(TContext).Name}'s message text column holds {columnLength} characters: "
                + $"pass maxMessageLength: {maxLength} to modelBuilder.UseBstChat() (and add a migration).");
        }
    }

    public async ValueTask<CreateConversationResult> CreateConversationAsync(Conversation conversation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var entity = conversation.ToNewEntity();
        return await _runner.RunAsync("create conversation", async (db, ct) =>
        {
            if (await FindConversationEntityAsync(db, entity.Id, ct) is { } existing)
            {
                return new CreateConversationResult(existing.ToModel(), Created: false);
            }

            try
            {
                await db.Database.ExecuteSqlRawAsync(
                    _sql.InsertConversation, [entity.Id, entity.Title, entity.CreatedAt, entity.LastSeq, entity.LastChangeAt], ct);
                return new CreateConversationResult(entity.ToModel(), Created: true);
            }
            catch (DbException)
            {
                // A concurrent create of the same id won; answer with its conversation.
                var winner = await FindConversationEntityAsync(db, entity.Id, ct);
                if (winner is null)
                {
                    throw;
                }

                return new CreateConversationResult(winner.ToModel(), Created: false);
            }
        }, cancellationToken);
    }

    public async ValueTask<Conversation?> FindConversationAsync(string conversationId, CancellationToken cancellationToken) =>
        await _runner.RunAsync("find conversation", async (db, ct) => (await FindConversationEntityAsync(db, conversationId, ct))?.ToModel(), cancellationToken);

    public async ValueTask<Member?> UpsertMemberAsync(Member member, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(member);
        var entity = member.ToNewEntity();
        return await _runner.RunAsync("upsert member", async (db, ct) =>
        {
            if (await UpdateMemberAsync(db, entity, ct) == 0)
            {
                if (await FindConversationEntityAsync(db, entity.ConversationId, ct) is null)
                {
                    return null;
                }

                try
                {
                    await db.Database.ExecuteSqlRawAsync(
                        _sql.InsertMember,
                        [entity.ConversationId, entity.UserId, entity.DisplayName, (int)entity.Role, entity.JoinedAt, entity.LastReadSeq],
                        ct);
                    return entity.ToModel();
                }
                catch (DbException)
                {
                    // A concurrent upsert added the member first; apply ours as an update of it.
                    if (await UpdateMemberAsync(db, entity, ct) == 0)
                    {
                        throw;
                    }
                }
            }

            return (await FindMemberEntityAsync(db, entity.ConversationId, entity.UserId, ct))?.ToModel();
        }, cancellationToken);
    }

    public async ValueTask<bool> RemoveMemberAsync(string conversationId, string userId, CancellationToken cancellationToken) =>
        await _runner.RunAsync("remove member", async (db, ct) =>
            await db.Set<MemberEntity>().Where(m => m.ConversationId == conversationId && m.UserId == userId).ExecuteDeleteAsync(ct) > 0,
            cancellationToken);

    public async ValueTask<IReadOnlyList<Member>> GetMembersAsync(string conversationId, CancellationToken cancellationToken) =>
        await _runner.RunAsync<IReadOnlyList<Member>>("get members", async (db, ct) =>
        {
            var members = await ToListAsync(_reads.Members(db, conversationId), ct);
            // Sorted here: SQLite cannot order by a DateTimeOffset, and user ids sort ordinally, not by the database's collation.
            return [.. members.Select(m => m.ToModel()).OrderBy(m => m.JoinedAt).ThenBy(m => m.UserId, StringComparer.Ordinal)];
        }, cancellationToken);

    public async ValueTask<Member?> FindMemberAsync(string conversationId, string userId, CancellationToken cancellationToken) =>
        await _runner.RunAsync("find member", async (db, ct) => (await _reads.Member(db, conversationId, userId, ct))?.ToModel(), cancellationToken);

    public async ValueTask<AppendResult?> AppendMessageAsync(NewMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var outcome = await _writes.SubmitAsync(new SendWrite(message with { CreatedAt = StoredTime.Normalize(message.CreatedAt) }), cancellationToken);
        return outcome.Message is { } stored ? new AppendResult(stored, outcome.Created) : null;
    }

    public async ValueTask<Message?> FindMessageAsync(string conversationId, string messageId, CancellationToken cancellationToken) =>
        await _runner.RunAsync("find message", async (db, ct) => (await FindMessageEntityAsync(db, conversationId, messageId, ct))?.ToModel(), cancellationToken);

    public async ValueTask<Message?> UpdateMessageAsync(MessageUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        var outcome = await _writes.SubmitAsync(new ChangeWrite(update with { At = StoredTime.Normalize(update.At) }), cancellationToken);
        return outcome.Message;
    }

    public async ValueTask<IReadOnlyList<MessageRevision>> GetRevisionsAsync(string conversationId, string messageId, CancellationToken cancellationToken) =>
        await _runner.RunAsync<IReadOnlyList<MessageRevision>>("get revisions", async (db, ct) =>
        {
            var rows = await db.Set<MessageRevisionEntity>().AsNoTracking()
                .Where(r => r.ConversationId == conversationId && r.MessageId == messageId)
                .OrderBy(r => r.ChangeSeq)
                .ToListAsync(ct);
            return [.. rows.Select(r => r.ToModel())];
        }, cancellationToken);

    public async ValueTask<HistoryPage> GetHistoryAsync(string conversationId, long? beforeSeq, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return await _runner.RunAsync("get history", async (db, ct) =>
        {
            var query = db.Set<MessageEntity>().AsNoTracking().Where(m => m.ConversationId == conversationId);
            if (beforeSeq is { } before)
            {
                query = query.Where(m => m.Seq < before);
            }

            // One row more than asked tells whether older messages exist.
            var newestFirst = await query.OrderByDescending(m => m.Seq).Take(limit == int.MaxValue ? limit : limit + 1).ToListAsync(ct);
            var hasMore = newestFirst.Count > limit;
            var page = newestFirst.Take(limit).Reverse().Select(m => m.ToModel()).ToList();
            return new HistoryPage(page, hasMore);
        }, cancellationToken);
    }

    public async ValueTask<IReadOnlyList<Message>> GetChangesAsync(string conversationId, long afterSeq, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return await _runner.RunAsync<IReadOnlyList<Message>>("get changes", async (db, ct) =>
        {
            // One statement reads one snapshot, and every change up to the newest committed one is
            // committed (see the class remarks), so this range has no holes.
            var changes = await ToListAsync(_reads.Changes(db, conversationId, afterSeq, limit), ct);
            return [.. changes.Select(m => m.ToModel())];
        }, cancellationToken);
    }

    public async ValueTask<long?> AdvanceReadMarkerAsync(string conversationId, string userId, long seq, CancellationToken cancellationToken) =>
        await _runner.RunAsync("advance read marker", async (db, ct) =>
        {
            var lastSeq = await db.Set<ConversationEntity>().Where(c => c.Id == conversationId).Select(c => (long?)c.LastSeq).FirstOrDefaultAsync(ct);
            if (lastSeq is null)
            {
                return null;
            }

            // LastSeq only grows, so capping at the value just read never moves a marker past it.
            var target = Math.Min(seq, lastSeq.Value);
            var member = db.Set<MemberEntity>().Where(m => m.ConversationId == conversationId && m.UserId == userId);
            await member.Where(m => m.LastReadSeq < target).ExecuteUpdateAsync(s => s.SetProperty(m => m.LastReadSeq, target), ct);
            return await member.Select(m => (long?)m.LastReadSeq).FirstOrDefaultAsync(ct);
        }, cancellationToken);

    public async ValueTask<IReadOnlyList<InboxEntry>> GetInboxAsync(string userId, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return await _runner.RunAsync<IReadOnlyList<InboxEntry>>("get inbox", async (db, ct) =>
        {
            var conversations = db.Set<ConversationEntity>();
            var members = db.Set<MemberEntity>();
            var messages = db.Set<MessageEntity>();

            // The page is chosen in the database, so a user in thousands of conversations costs
            // one page of the subqueries below, not one per membership.
            var latest = _sql.LatestConversationsOfUser is { } sql
                ? conversations.FromSqlRaw(sql, userId, limit).AsNoTracking()
                : conversations.AsNoTracking()
                    .Where(c => members.Any(m => m.ConversationId == c.Id && m.UserId == userId))
                    .OrderByDescending(c => c.LastChangeAt).ThenBy(c => c.Id).Take(limit);

            // One round trip. The unread count and the last message's seq are correlated subqueries
            // that read the (conversation, seq) index from the member's marker and from the end; the
            // last message is then joined by that index. (A FirstOrDefault() in the projection would
            // number every message of every conversation with ROW_NUMBER, and SQLite has no LATERAL.)
            var rows = await (
                from conversation in latest
                join member in members.AsNoTracking().Where(m => m.UserId == userId) on conversation.Id equals member.ConversationId
                let lastSeq = messages.Where(m => m.ConversationId == conversation.Id && m.DeletedAt == null).Max(m => (long?)m.Seq)
                join message in messages.AsNoTracking()
                    on new { ConversationId = conversation.Id, Seq = lastSeq }
                    equals new { message.ConversationId, Seq = (long?)message.Seq } into lastMessages
                from lastMessage in lastMessages.DefaultIfEmpty()
                select new
                {
                    Conversation = conversation,
                    member.LastReadSeq,
                    // The upper bound is always true; it makes the range closed, which planners
                    // estimate as small, so a long conversation is counted by index, not scanned.
                    UnreadCount = messages.LongCount(m => m.ConversationId == conversation.Id
                        && m.Seq > member.LastReadSeq && m.Seq <= conversation.LastSeq
                        && m.DeletedAt == null && m.SenderId != userId),
                    LastMessage = lastMessage,
                }).ToListAsync(ct);

            // The page's order again, here: a join need not keep its input's order.
            return [.. rows
                .Select(r => new InboxEntry(r.Conversation.ToModel(), r.LastReadSeq, r.UnreadCount, r.LastMessage?.ToModel()))
                .OrderByDescending(e => e.Conversation.LastChangeAt)
                .ThenBy(e => e.Conversation.Id, StringComparer.Ordinal)];
        }, cancellationToken);
    }

    private Task<ConversationEntity?> FindConversationEntityAsync(TContext db, string conversationId, CancellationToken cancellationToken) =>
        _reads.FindConversation(db, conversationId, cancellationToken);

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> rows, CancellationToken cancellationToken)
    {
        var list = new List<T>();
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            list.Add(row);
        }

        return list;
    }

    private static Task<MemberEntity?> FindMemberEntityAsync(TContext db, string conversationId, string userId, CancellationToken cancellationToken) =>
        db.Set<MemberEntity>().AsNoTracking().FirstOrDefaultAsync(m => m.ConversationId == conversationId && m.UserId == userId, cancellationToken);

    private static Task<MessageEntity?> FindMessageEntityAsync(TContext db, string conversationId, string messageId, CancellationToken cancellationToken) =>
        db.Set<MessageEntity>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == messageId && m.ConversationId == conversationId, cancellationToken);

    private static Task<int> UpdateMemberAsync(TContext db, MemberEntity entity, CancellationToken cancellationToken) =>
        db.Set<MemberEntity>().Where(m => m.ConversationId == entity.ConversationId && m.UserId == entity.UserId)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.DisplayName, entity.DisplayName).SetProperty(m => m.Role, entity.Role), cancellationToken);

    /// <summary>
    /// The change feed's hot reads as compiled queries: a shared read of a busy room runs them on
    /// every notification, and EF's per-call preparation of an uncompiled query (parameter
    /// extraction, cache key) was a visible part of their cost (docs/performance.md).
    /// </summary>
    private sealed class CompiledReads
    {
        public Func<TContext, string, CancellationToken, Task<ConversationEntity?>> FindConversation { get; } =
            EF.CompileAsyncQuery((TContext db, string id, CancellationToken _) =>
                db.Set<ConversationEntity>().AsNoTracking().FirstOrDefault(c => c.Id == id));

        public Func<TContext, string, string, CancellationToken, Task<MemberEntity?>> Member { get; } =
            EF.CompileAsyncQuery((TContext db, string conversationId, string userId, CancellationToken _) =>
                db.Set<MemberEntity>().AsNoTracking().FirstOrDefault(m => m.ConversationId == conversationId && m.UserId == userId));

        public Func<TContext, string, IAsyncEnumerable<MemberEntity>> Members { get; } =
            EF.CompileAsyncQuery((TContext db, string conversationId) =>
                db.Set<MemberEntity>().AsNoTracking().Where(m => m.ConversationId == conversationId));

        public Func<TContext, string, long, int, IAsyncEnumerable<MessageEntity>> Changes { get; } =
            EF.CompileAsyncQuery((TContext db, string conversationId, long afterSeq, int limit) =>
                db.Set<MessageEntity>().AsNoTracking()
                    .Where(m => m.ConversationId == conversationId && m.ChangeSeq > afterSeq)
                    .OrderBy(m => m.ChangeSeq)
                    .Take(limit));
    }
}
