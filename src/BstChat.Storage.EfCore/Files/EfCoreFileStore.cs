using BstChat.Storage.EfCore.Mapping;
using BstChat.Storage.EfCore.Resilience;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BstChat.Storage.EfCore.Files;

/// <summary>
/// File content in the database, in chunks of <see cref="ChunkSize"/> bytes, so neither a write
/// nor a read ever holds a whole file. A write is a new content row marked incomplete, its chunks
/// one by one, then one transaction that marks it complete and drops the key's earlier writes: a
/// reader sees the old content or the new, and a write cut short leaves only an incomplete row,
/// which the next write or delete of the key removes (the sweeper deletes the keys of uploads
/// that never finished).
/// </summary>
internal sealed class EfCoreFileStore<TContext>(IDbContextFactory<TContext> contexts, TimeProvider timeProvider, ILogger<EfCoreFileStore<TContext>> logger)
    : IChatFileStore
    where TContext : DbContext
{
    /// <summary>Big enough that a 10 MB file is 40 rows, small enough for any provider's parameter.</summary>
    internal const int ChunkSize = 256 * 1024;

    private readonly StoreOperationRunner<TContext> _runner = new(contexts, timeProvider, logger);

    public async ValueTask<long> WriteAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        RequireKey(key);
        ArgumentNullException.ThrowIfNull(content);
        var contentId = Guid.CreateVersion7(timeProvider.GetUtcNow()).ToString("N");
        await _runner.RunAsync("start file content", async (db, ct) =>
        {
            db.Set<FileContentEntity>().Add(new FileContentEntity { Id = contentId, Key = key, ChunkSize = ChunkSize });
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            return true;
        }, cancellationToken);

        try
        {
            var length = await WriteChunksAsync(contentId, content, cancellationToken);
            await _runner.RunAsync("complete file content", async (db, ct) =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                await db.Set<FileContentEntity>().Where(c => c.Id == contentId)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.IsComplete, true).SetProperty(c => c.Length, length), ct);
                await DeleteWritesAsync(db, key, except: contentId, ct);
                await transaction.CommitAsync(ct);
                return true;
            }, cancellationToken);
            return length;
        }
        catch
        {
            await ForgetAsync(contentId);
            throw;
        }
    }

    public async ValueTask<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        RequireKey(key);
        var content = await _runner.RunAsync("find file content", async (db, ct) =>
            await db.Set<FileContentEntity>().AsNoTracking()
                .Where(c => c.Key == key && c.IsComplete)
                .OrderByDescending(c => c.Id)
                .FirstOrDefaultAsync(ct),
            cancellationToken);
        return content is null ? null : new ChunkedReadStream(content.Length, content.ChunkSize, (index, ct) => ReadChunkAsync(content.Id, index, ct));
    }

    public async ValueTask DeleteAsync(string key, CancellationToken cancellationToken)
    {
        RequireKey(key);
        await _runner.RunAsync("delete file content", async (db, ct) =>
        {
            await DeleteWritesAsync(db, key, except: null, ct);
            return true;
        }, cancellationToken);
    }

    private async ValueTask<long> WriteChunksAsync(string contentId, Stream content, CancellationToken cancellationToken)
    {
        var buffer = new byte[ChunkSize];
        long length = 0;
        for (var index = 0; ; index++)
        {
            var filled = await content.ReadAtLeastAsync(buffer, ChunkSize, throwOnEndOfStream: false, cancellationToken);
            if (filled == 0)
            {
                return length;
            }

            // The buffer is reused: EF Core is done with it once the row is saved and the tracker cleared.
            var data = filled == ChunkSize ? buffer : buffer[..filled];
            var chunkIndex = index;
            await _runner.RunAsync("write file chunk", async (db, ct) =>
            {
                db.Set<FileChunkEntity>().Add(new FileChunkEntity { ContentId = contentId, Index = chunkIndex, Data = data });
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
                return true;
            }, cancellationToken);
            length += filled;
            if (filled < ChunkSize)
            {
                return length;
            }
        }
    }

    private async ValueTask<byte[]> ReadChunkAsync(string contentId, int index, CancellationToken cancellationToken) =>
        await _runner.RunAsync("read file chunk", async (db, ct) =>
            await db.Set<FileChunkEntity>().AsNoTracking()
                .Where(c => c.ContentId == contentId && c.Index == index)
                .Select(c => c.Data)
                .SingleAsync(ct),
            cancellationToken);

    private static async Task DeleteWritesAsync(TContext db, string key, string? except, CancellationToken cancellationToken)
    {
        var writes = db.Set<FileContentEntity>().Where(c => c.Key == key && c.Id != except);
        await db.Set<FileChunkEntity>().Where(chunk => writes.Any(c => c.Id == chunk.ContentId)).ExecuteDeleteAsync(cancellationToken);
        await writes.ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Removes a write that failed; if that fails too, its incomplete row waits for the key's next write or delete.</summary>
    private async ValueTask ForgetAsync(string contentId)
    {
        try
        {
            await _runner.RunAsync("forget file content", async (db, ct) =>
            {
                await db.Set<FileChunkEntity>().Where(c => c.ContentId == contentId).ExecuteDeleteAsync(ct);
                await db.Set<FileContentEntity>().Where(c => c.Id == contentId).ExecuteDeleteAsync(ct);
                return true;
            }, CancellationToken.None);
        }
        catch (ChatStoreUnavailableException)
        {
            // Left for the next write or delete of the key.
        }
    }

    private static void RequireKey(string key)
    {
        if (!ChatFileStoreKeys.IsValid(key))
        {
            throw new ArgumentException("A file store key is 1 to 64 lower-case letters, digits and hyphens.", nameof(key));
        }
    }
}
