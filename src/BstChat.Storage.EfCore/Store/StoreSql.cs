using System.Linq.Expressions;
using System.Runtime.CompilerServices;
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
        "Npgsql.EntityFrameworkCore.PostgreSQL",
        "Microsoft.EntityFrameworkCore.Sqlite",
    };

    private StoreSql(IModel model, ISqlGenerationHelper sql, bool useProviderSql)
    {
        var conversations = Table<ConversationEntity>(model, sql);
        var members = Table<MemberEntity>(model, sql);
        var messages = Table<MessageEntity>(model, sql);
        var revisions = Table<MessageRevisionEntity>(model, sql);

        if (useProviderSql)
        {
            // The UPDATE takes the conversation row's write lock until commit, so the number it
            // returns is committed after every number before it: readers never see n+1 before n.
            // SqlQueryRaw<long> reads the column named Value.
            var lastSeq = conversations.Column(c => c.LastSeq);
            NextSeq = $"UPDATE {conversations.Name} SET {lastSeq} = {lastSeq} + 1, {conversations.Column(c => c.LastChangeAt)} = {{1}} "
                + $"WHERE {conversations.Column(c => c.Id)} = {{0}} RETURNING {lastSeq} AS {sql.DelimitIdentifier("Value")}";

            // SQLite cannot ORDER BY a DateTimeOffset in LINQ, but its column holds UTC times as
            // ISO 8601 text of one offset, whose text order is time order; PostgreSQL's is a timestamp.
            var id = conversations.Column(c => c.Id);
            LatestConversationsOfUser = $"SELECT * FROM {conversations.Name} WHERE {id} IN "
                + $"(SELECT {members.Column(m => m.ConversationId)} FROM {members.Name} WHERE {members.Column(m => m.UserId)} = {{0}}) "
                + $"ORDER BY {conversations.Column(c => c.LastChangeAt)} DESC, {id} LIMIT {{1}}";
        }

        InsertConversation = conversations.Insert(c => c.Id, c => c.Title, c => c.CreatedAt, c => c.LastSeq, c => c.LastChangeAt);
        InsertMember = members.Insert(m => m.ConversationId, m => m.UserId, m => m.DisplayName, m => m.Role, m => m.JoinedAt, m => m.LastReadSeq);
        InsertMessage = messages.Insert(
            m => m.Id, m => m.ConversationId, m => m.Seq, m => m.ChangeSeq, m => m.SenderId, m => m.SenderName,
            m => m.Text, m => m.ClientMessageId, m => m.CreatedAt);

        InsertRevision = revisions.Insert(
            r => r.ConversationId, r => r.ChangeSeq, r => r.MessageId, r => r.Kind, r => r.PreviousText, r => r.ChangedBy, r => r.ChangedAt);

        MaxMessageLength = model.FindEntityType(typeof(MessageEntity))!.FindProperty(nameof(MessageEntity.Text))!.GetMaxLength();
    }

    /// <summary>
    /// Takes the next sequence number: {0} conversation id, {1} change time; returns no row for an
    /// unknown conversation. <see langword="null"/> for providers without <c>UPDATE … RETURNING</c>.
    /// </summary>
    public string? NextSeq { get; }

    /// <summary>
    /// A composable query of a user's latest conversations: {0} user id, {1} limit. <see langword="null"/>
    /// for providers not known to have LIMIT, where LINQ orders and takes instead.
    /// </summary>
    public string? LatestConversationsOfUser { get; }

    /// <summary>Parameters: id, title, created at, last seq, last change at.</summary>
    public string InsertConversation { get; }

    /// <summary>Parameters: conversation id, user id, display name, role (as int), joined at, last read seq.</summary>
    public string InsertMember { get; }

    /// <summary>Parameters: id, conversation id, seq, change seq, sender id, sender name, text, client message id, created at.</summary>
    public string InsertMessage { get; }

    /// <summary>Parameters: conversation id, change seq, message id, kind (as int), previous text, changed by, changed at.</summary>
    public string InsertRevision { get; }

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
        new(db.Model, db.GetService<ISqlGenerationHelper>(), useProviderSql);

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

        public string Insert(params Expression<Func<T, object?>>[] properties)
        {
            var columns = string.Join(", ", properties.Select(Column));
            var values = string.Join(", ", properties.Select((_, i) => $"{{{i}}}"));
            return $"INSERT INTO {Name} ({columns}) VALUES ({values})";
        }

        private string ColumnName(Expression<Func<T, object?>> property)
        {
            var body = property.Body is UnaryExpression { NodeType: ExpressionType.Convert } convert ? convert.Operand : property.Body;
            var name = ((MemberExpression)body).Member.Name;
            return entityType.FindProperty(name)!.GetColumnName(table)!;
        }
    }
}
