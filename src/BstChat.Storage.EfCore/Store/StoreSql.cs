using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using System.Text;
using BstChat.Storage.EfCore.Mapping;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace BstChat.Storage.EfCore.Store;

/// <summary>
/// The store's raw SQL, written with the table and column names of the context's model (so a
/// schema or a renamed table is respected) and quoted by the provider. Built once per model.
/// Placeholders are EF's <c>{0}</c>, <c>{1}</c>, … for <c>ExecuteSqlRaw</c> and <c>SqlQueryRaw</c>.
/// </summary>
internal sealed class StoreSql
{
    private static readonly ConditionalWeakTable<IModel, StoreSql> Cache = [];

    // Providers known to support UPDATE … RETURNING (SQLite from 3.35, which EF's bundle ships) and LIMIT.
    private static readonly HashSet<string> ProvidersWithUpdateReturning = new(StringComparer.Ordinal)
    {
        PostgreSqlProvider,
        "Microsoft.EntityFrameworkCore.Sqlite",
    };

    private const string PostgreSqlProvider = "Npgsql.EntityFrameworkCore.PostgreSQL";

    private readonly Func<string, string>? _lockConversations;
    private readonly Func<int, string> _advanceConversations;

    private StoreSql(IModel model, ISqlGenerationHelper sql, string? providerName, bool useProviderSql)
    {
        var conversations = Table<ConversationEntity>(model, sql);
        var members = Table<MemberEntity>(model, sql);
        var messages = Table<MessageEntity>(model, sql);
        var revisions = Table<MessageRevisionEntity>(model, sql);

        if (useProviderSql)
        {
            var id = conversations.Column(c => c.Id);
            var lastSeq = conversations.Column(c => c.LastSeq);
            var columns = $"{id} AS {sql.DelimitIdentifier(nameof(LockedConversation.ConversationId))}, {lastSeq} AS {sql.DelimitIdentifier(nameof(LockedConversation.LastSeq))}";
            _lockConversations = providerName == PostgreSqlProvider
                // Rows are locked as the sort hands them over, so every batch, in every process,
                // locks its conversations in one order (the column's collation): no cycle of waits.
                // NO KEY UPDATE is what the UPDATE of last_seq takes, and leaves foreign-key checks alone.
                ? ids => $"SELECT {columns} FROM {conversations.Name} WHERE {id} IN ({ids}) ORDER BY {id} FOR NO KEY UPDATE"
                // SQLite: any write takes the database's write lock (BEGIN IMMEDIATE already has), so
                // order does not matter; an UPDATE that changes nothing reads under it in one statement.
                : ids => $"UPDATE {conversations.Name} SET {lastSeq} = {lastSeq} WHERE {id} IN ({ids}) RETURNING {columns}";

            // SQLite cannot ORDER BY a DateTimeOffset in LINQ, but its column holds UTC times as
            // ISO 8601 text of one offset, whose text order is time order; PostgreSQL's is a timestamp.
            LatestConversationsOfUser = $"SELECT * FROM {conversations.Name} WHERE {id} IN "
                + $"(SELECT {members.Column(m => m.ConversationId)} FROM {members.Name} WHERE {members.Column(m => m.UserId)} = {{0}}) "
                + $"ORDER BY {conversations.Column(c => c.LastChangeAt)} DESC, {id} LIMIT {{1}}";
        }

        {
            var id = conversations.Column(c => c.Id);
            var lastSeq = conversations.Column(c => c.LastSeq);
            var lastChangeAt = conversations.Column(c => c.LastChangeAt);
            // Per conversation i: {3i} id, {3i+1} last seq, {3i+2} last change at.
            _advanceConversations = count =>
            {
                var rows = Enumerable.Range(0, count).ToList();
                return $"UPDATE {conversations.Name} SET "
                    + $"{lastSeq} = CASE {id} {string.Concat(rows.Select(i => $"WHEN {{{3 * i}}} THEN {{{(3 * i) + 1}}} "))}END, "
                    + $"{lastChangeAt} = CASE {id} {string.Concat(rows.Select(i => $"WHEN {{{3 * i}}} THEN {{{(3 * i) + 2}}} "))}END "
                    + $"WHERE {id} IN ({string.Join(", ", rows.Select(i => $"{{{3 * i}}}"))})";
            };
        }

        InsertConversation = conversations.Insert(c => c.Id, c => c.Title, c => c.CreatedAt, c => c.LastSeq, c => c.LastChangeAt).Rows(1);
        InsertMember = members.Insert(m => m.ConversationId, m => m.UserId, m => m.DisplayName, m => m.Role, m => m.JoinedAt, m => m.LastReadSeq).Rows(1);
        InsertMessage = messages.Insert(
            m => m.Id, m => m.ConversationId, m => m.Seq, m => m.ChangeSeq, m => m.SenderId, m => m.SenderName,
            m => m.Text, m => m.ClientMessageId, m => m.CreatedAt, m => m.Attachments).Rows(1);

        InsertMessages = messages.Insert(
            m => m.Id, m => m.ConversationId, m => m.Seq, m => m.ChangeSeq, m => m.SenderId, m => m.SenderName,
            m => m.Text, m => m.ClientMessageId, m => m.CreatedAt, m => m.EditedAt, m => m.DeletedAt, m => m.Attachments);
        InsertRevisions = revisions.Insert(
            r => r.ConversationId, r => r.ChangeSeq, r => r.MessageId, r => r.Kind, r => r.PreviousText, r => r.ChangedBy, r => r.ChangedAt);

        MaxMessageLength = model.FindEntityType(typeof(MessageEntity))!.FindProperty(nameof(MessageEntity.Text))!.GetMaxLength();
    }

    /// <summary>Whether <see cref="LockConversations"/> has SQL for this provider; without it, lock each conversation with an UPDATE, then read.</summary>
    public bool CanLockConversations => _lockConversations is not null;

    /// <summary>
    /// Locks <paramref name="count"/> conversations until commit and returns a <see cref="LockedConversation"/>
    /// for each that exists: {0} … {count - 1} their ids.
    /// </summary>
    public string LockConversations(int count) =>
        (_lockConversations ?? throw new InvalidOperationException("This provider has no SQL to lock conversations."))(Placeholders(0, count));

    /// <summary>
    /// Sets the last seq and last change time of <paramref name="count"/> conversations in one
    /// statement; per conversation: id, last seq, last change at.
    /// </summary>
    public string AdvanceConversations(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return _advanceConversations(count);
    }

    /// <summary>
    /// A composable query of a user's latest conversations: {0} user id, {1} limit. <see langword="null"/>
    /// for providers not known to have LIMIT, where LINQ orders and takes instead.
    /// </summary>
    public string? LatestConversationsOfUser { get; }

    /// <summary>Parameters: id, title, created at, last seq, last change at.</summary>
    public string InsertConversation { get; }

    /// <summary>Parameters: conversation id, user id, display name, role (as int), joined at, last read seq.</summary>
    public string InsertMember { get; }

    /// <summary>Many messages in one statement; per row: id, conversation id, seq, change seq, sender id, sender name, text, client message id, created at, edited at, deleted at.</summary>
    public RowsInsert InsertMessages { get; }

    /// <summary>Parameters: id, conversation id, seq, change seq, sender id, sender name, text, client message id, created at.</summary>
    public string InsertMessage { get; }

    /// <summary>Revisions, one or many in one statement; per row: conversation id, change seq, message id, kind (as int), previous text, changed by, changed at.</summary>
    public RowsInsert InsertRevisions { get; }

    /// <summary>The size of the text column, or <see langword="null"/> when unbounded.</summary>
    public int? MaxMessageLength { get; }

    public static StoreSql For(DbContext db)
    {
        var model = db.Model;
        if (!Cache.TryGetValue(model, out var sql))
        {
            sql = Create(db, ProvidersWithUpdateReturning.Contains(db.Database.ProviderName ?? ""));
            Cache.TryAdd(model, sql);
        }

        return sql;
    }

    /// <summary>Builds the SQL without caching it; tests use it to run the portable path (no RETURNING, no LIMIT) on any provider.</summary>
    internal static StoreSql Create(DbContext db, bool useProviderSql) =>
        new(db.Model, db.GetService<ISqlGenerationHelper>(), db.Database.ProviderName, useProviderSql);

    private static string Placeholders(int first, int count) =>
        string.Join(", ", Enumerable.Range(first, count).Select(i => $"{{{i}}}"));

    private static TableSql<T> Table<T>(IModel model, ISqlGenerationHelper sql)
    {
        var entityType = model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException(
            $"The DbContext's model has no BstChat tables: call modelBuilder.UseBstChat() in its OnModelCreating.");
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        return new TableSql<T>(entityType, table, sql);
    }

    private sealed class TableSql<T>(IEntityType entityType, StoreObjectIdentifier table, ISqlGenerationHelper sql)
    {
        public string Name { get; } = sql.DelimitIdentifier(table.Name, table.Schema);

        public string Column(Expression<Func<T, object?>> property) => sql.DelimitIdentifier(ColumnName(property));

        public RowsInsert Insert(params Expression<Func<T, object?>>[] properties) =>
            new($"INSERT INTO {Name} ({string.Join(", ", properties.Select(Column))}) VALUES ", properties.Length);

        private string ColumnName(Expression<Func<T, object?>> property)
        {
            var body = property.Body is UnaryExpression { NodeType: ExpressionType.Convert } convert ? convert.Operand : property.Body;
            var name = ((MemberExpression)body).Member.Name;
            return entityType.FindProperty(name)!.GetColumnName(table)!;
        }
    }
}

/// <summary>An INSERT of one or many rows into fixed columns, with EF's numbered placeholders row after row.</summary>
internal sealed class RowsInsert(string head, int columns)
{
    /// <summary>How many parameters one row takes.</summary>
    public int Columns { get; } = columns;

    /// <summary>The statement for <paramref name="count"/> rows: parameters row by row, in column order.</summary>
    public string Rows(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var sql = new StringBuilder(head, head.Length + (count * Columns * 6));
        for (var row = 0; row < count; row++)
        {
            sql.Append(row == 0 ? "(" : ", (");
            for (var column = 0; column < Columns; column++)
            {
                sql.Append(column == 0 ? "{" : ", {").Append((row * Columns) + column).Append('}');
            }

            sql.Append(')');
        }

        return sql.ToString();
    }
}

/// <summary>A conversation row locked for a batch: its id and last seq.</summary>
internal sealed record LockedConversation(string ConversationId, long LastSeq);
