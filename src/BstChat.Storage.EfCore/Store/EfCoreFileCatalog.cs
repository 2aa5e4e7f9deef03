using BstChat.Storage.EfCore.Mapping;
using BstChat.Storage.EfCore.Resilience;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BstChat.Storage.EfCore.Store;

/// <summary>
/// File records in <c>bstchat_files</c>. Every move between states is one UPDATE whose WHERE
/// names the state expected, so two instances never both win a move; a claim of several files
/// is one transaction that rolls back when any of its updates finds its row moved.
/// </summary>
internal sealed class EfCoreFileCatalog<TContext> : IChatFileCatalog
    where TContext : DbContext
{
    private readonly StoreOperationRunner<TContext> _runner;

    public EfCoreFileCatalog(IDbContextFactory<TContext> contexts, TimeProvider timeProvider, ILogger<EfCoreFileCatalog<TContext>> logger) =>
        _runner = new StoreOperationRunner<TContext>(contexts, timeProvider, logger);

    public async ValueTask AddFileAsync(ChatFile file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        await _runner.RunAsync("add file", async (db, ct) =>
        {
            db.Set<FileEntity>().Add(ToEntity(file));
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            return true;
        }, cancellationToken);
    }

    public async ValueTask<ChatFile?> FindFileAsync(string conversationId, string fileId, CancellationToken cancellationToken) =>
        await _runner.RunAsync("find file", async (db, ct) =>
        {
            var row = await db.Set<FileEntity>().AsNoTracking().FirstOrDefaultAsync(f => f.Id == fileId && f.ConversationId == conversationId, ct);
            return row is null ? null : ToModel(row);
        }, cancellationToken);

    public async ValueTask<bool> SetFileStateAsync(
        string conversationId, string fileId, ChatFileState expected, ChatFileState target, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var ticks = Ticks(at);
        return await _runner.RunAsync("set file state", async (db, ct) =>
            await db.Set<FileEntity>()
                .Where(f => f.Id == fileId && f.ConversationId == conversationId && f.State == expected)
                .ExecuteUpdateAsync(s => s.SetProperty(f => f.State, target).SetProperty(f => f.StateChangedAtTicks, ticks), ct) == 1,
            cancellationToken);
    }

    public async ValueTask<IReadOnlyList<ChatFile>?> ClaimFilesAsync(FileClaim claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var ids = claim.FileIds.ToList();
        var ticks = Ticks(claim.At);
        return await _runner.RunAsync<IReadOnlyList<ChatFile>?>("claim files", async (db, ct) =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var rows = await db.Set<FileEntity>().AsNoTracking()
                .Where(f => f.ConversationId == claim.ConversationId && ids.Contains(f.Id))
                .ToDictionaryAsync(f => f.Id, StringComparer.Ordinal, ct);
            var claimed = new List<ChatFile>(ids.Count);
            foreach (var id in ids)
            {
                if (!rows.TryGetValue(id, out var row) || !FileClaims.Allows(claim, ToModel(row)))
                {
                    return null;
                }

                // An attached file stays as it is (a replay); any other is written claimed by this message.
                if (row.State == ChatFileState.Attached)
                {
                    claimed.Add(ToModel(row));
                    continue;
                }

                var file = FileClaims.Apply(claim, ToModel(row)) with { StateChangedAt = FromTicks(ticks) };
                var (state, messageId) = (row.State, row.MessageId);
                var moved = await db.Set<FileEntity>()
                    .Where(f => f.Id == id && f.ConversationId == claim.ConversationId && f.State == state && f.MessageId == messageId)
                    .ExecuteUpdateAsync(
                        s => s.SetProperty(f => f.State, file.State)
                            .SetProperty(f => f.StateChangedAtTicks, ticks)
                            .SetProperty(f => f.MessageId, file.MessageId)
                            .SetProperty(f => f.ClientMessageId, file.ClientMessageId),
                        ct);
                if (moved != 1)
                {
                    // Another send took it between the read and this write: this claim takes none.
                    return null;
                }

                claimed.Add(file);
            }

            await transaction.CommitAsync(ct);
            return claimed;
        }, cancellationToken);
    }

    public ValueTask<int> ConfirmFilesAsync(string conversationId, string messageId, DateTimeOffset at, CancellationToken cancellationToken) =>
        MoveMessageFilesAsync("confirm files", conversationId, messageId, [ChatFileState.Claimed], ChatFileState.Attached, at, cancellationToken);

    public ValueTask<int> DeleteMessageFilesAsync(string conversationId, string messageId, DateTimeOffset at, CancellationToken cancellationToken) =>
        MoveMessageFilesAsync("delete message files", conversationId, messageId, [ChatFileState.Claimed, ChatFileState.Attached], ChatFileState.Deleted, at, cancellationToken);

    public async ValueTask<IReadOnlyList<ChatFile>> ListFilesAsync(ChatFileState state, DateTimeOffset changedBefore, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var before = Ticks(changedBefore);
        return await _runner.RunAsync<IReadOnlyList<ChatFile>>("list files", async (db, ct) =>
        {
            var rows = await db.Set<FileEntity>().AsNoTracking()
                .Where(f => f.State == state && f.StateChangedAtTicks < before)
                .OrderBy(f => f.StateChangedAtTicks).ThenBy(f => f.Id)
                .Take(limit)
                .ToListAsync(ct);
            // Ids are lower-case hex, so the database's collation and ordinal order agree.
            return [.. rows.Select(ToModel)];
        }, cancellationToken);
    }

    public async ValueTask<bool> RemoveFileAsync(string conversationId, string fileId, CancellationToken cancellationToken) =>
        await _runner.RunAsync("remove file", async (db, ct) =>
            await db.Set<FileEntity>()
                .Where(f => f.Id == fileId && f.ConversationId == conversationId && (f.State == ChatFileState.Deleted || f.State == ChatFileState.Uploading))
                .ExecuteDeleteAsync(ct) == 1,
            cancellationToken);

    public async ValueTask<ChatFileUsage> GetFileUsageAsync(string conversationId, string userId, CancellationToken cancellationToken) =>
        await _runner.RunAsync("get file usage", async (db, ct) =>
        {
            var live = db.Set<FileEntity>().AsNoTracking().Where(f => f.State != ChatFileState.Deleted);
            var user = await live.Where(f => f.UploaderId == userId).SumAsync(f => (long?)f.Size, ct) ?? 0;
            var conversation = await live.Where(f => f.ConversationId == conversationId).SumAsync(f => (long?)f.Size, ct) ?? 0;
            return new ChatFileUsage(user, conversation);
        }, cancellationToken);

    public async ValueTask<IReadOnlyList<ChatFile>> GetConversationFilesAsync(string conversationId, CancellationToken cancellationToken) =>
        await _runner.RunAsync<IReadOnlyList<ChatFile>>("get conversation files", async (db, ct) =>
        {
            var rows = await db.Set<FileEntity>().AsNoTracking()
                .Where(f => f.ConversationId == conversationId && f.State != ChatFileState.Deleted)
                .OrderBy(f => f.Id)
                .ToListAsync(ct);
            return [.. rows.Select(ToModel)];
        }, cancellationToken);

    private async ValueTask<int> MoveMessageFilesAsync(
        string name, string conversationId, string messageId, ChatFileState[] from, ChatFileState target, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var ticks = Ticks(at);
        return await _runner.RunAsync(name, async (db, ct) =>
            await db.Set<FileEntity>()
                .Where(f => f.ConversationId == conversationId && f.MessageId == messageId && from.Contains(f.State))
                .ExecuteUpdateAsync(s => s.SetProperty(f => f.State, target).SetProperty(f => f.StateChangedAtTicks, ticks), ct),
            cancellationToken);
    }

    private static long Ticks(DateTimeOffset at) => StoredTime.Normalize(at).UtcTicks;

    private static DateTimeOffset FromTicks(long ticks) => new(ticks, TimeSpan.Zero);

    private static FileEntity ToEntity(ChatFile file) => new()
    {
        Id = file.Id,
        ConversationId = file.ConversationId,
        UploaderId = file.UploaderId,
        Name = file.Name,
        ContentType = file.ContentType,
        Size = file.Size,
        Width = file.Width,
        Height = file.Height,
        HasThumbnail = file.HasThumbnail,
        ContentHash = file.ContentHash,
        CreatedAt = StoredTime.Normalize(file.CreatedAt),
        State = file.State,
        StateChangedAtTicks = Ticks(file.StateChangedAt),
        MessageId = file.MessageId,
        ClientMessageId = file.ClientMessageId,
    };

    private static ChatFile ToModel(FileEntity row) => new()
    {
        Id = row.Id,
        ConversationId = row.ConversationId,
        UploaderId = row.UploaderId,
        Name = row.Name,
        ContentType = row.ContentType,
        Size = row.Size,
        Width = row.Width,
        Height = row.Height,
        HasThumbnail = row.HasThumbnail,
        ContentHash = row.ContentHash,
        CreatedAt = row.CreatedAt,
        State = row.State,
        StateChangedAt = FromTicks(row.StateChangedAtTicks),
        MessageId = row.MessageId,
        ClientMessageId = row.ClientMessageId,
    };
}
