using BstChat.Storage.Mongo.Collections;
using BstChat.Storage.Mongo.Errors;
using MongoDB.Bson;
using MongoDB.Driver;
using MongoDB.Driver.GridFS;

namespace BstChat.Storage.Mongo.Files;

/// <summary>
/// File content in a GridFS bucket of the store's database, named by key. GridFS writes the
/// chunks first and the files document last, and readers find content only by that document, so
/// an upload cut off midway is invisible (the driver removes its chunks). Rewriting a key uploads
/// a new revision and then deletes the older ones; the newest revision by id is the content.
/// </summary>
internal sealed class GridFsChatFileStore : IChatFileStore
{
    private static readonly GridFSDownloadOptions Seekable = new() { Seekable = true };

    private readonly GridFSBucket<ObjectId> _bucket;
    private readonly StoreOperationRunner _runner;

    public GridFsChatFileStore(ChatCollections collections, StoreOperationRunner runner)
    {
        ArgumentNullException.ThrowIfNull(collections);
        // Read from the primary, like the collections: a file just recorded must be readable at once.
        _bucket = new GridFSBucket<ObjectId>(collections.Files.Database, new GridFSBucketOptions
        {
            BucketName = collections.Names.ContentBucket,
            ReadPreference = ReadPreference.Primary,
        });
        _runner = runner;
    }

    public async ValueTask<long> WriteAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        Check(key);
        return await _runner.RunAsync("write file content", async ct =>
        {
            var id = ObjectId.GenerateNewId();
            await _bucket.UploadFromStreamAsync(id, key, content, cancellationToken: ct);
            var stored = await (await _bucket.FindAsync(Builders<GridFSFileInfo<ObjectId>>.Filter.Eq(f => f.Id, id), cancellationToken: ct)).FirstAsync(ct);
            // The new content is whole and found first now; the older revisions can go.
            await DeleteRevisionsAsync(Builders<GridFSFileInfo<ObjectId>>.Filter.And(ByKey(key), Builders<GridFSFileInfo<ObjectId>>.Filter.Lt(f => f.Id, id)), ct);
            return stored.Length;
        }, cancellationToken);
    }

    public async ValueTask<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        Check(key);
        return await _runner.RunAsync("read file content", async ct =>
        {
            var options = new GridFSFindOptions<ObjectId> { Sort = Builders<GridFSFileInfo<ObjectId>>.Sort.Descending(f => f.Id), Limit = 1 };
            var newest = await (await _bucket.FindAsync(ByKey(key), options, ct)).FirstOrDefaultAsync(ct);
            if (newest is null)
            {
                return null;
            }

            try
            {
                return (Stream?)await _bucket.OpenDownloadStreamAsync(newest.Id, Seekable, ct);
            }
            catch (GridFSFileNotFoundException)
            {
                // Deleted (or replaced) between the two reads: as if it had been gone before.
                return null;
            }
        }, cancellationToken);
    }

    public async ValueTask DeleteAsync(string key, CancellationToken cancellationToken)
    {
        Check(key);
        await _runner.RunAsync("delete file content", ct => DeleteRevisionsAsync(ByKey(key), ct), cancellationToken);
    }

    private static FilterDefinition<GridFSFileInfo<ObjectId>> ByKey(string key) =>
        Builders<GridFSFileInfo<ObjectId>>.Filter.Eq(f => f.Filename, key);

    private static void Check(string key)
    {
        if (!ChatFileStoreKeys.IsValid(key))
        {
            throw new ArgumentException("A file-store key is 1-64 characters of [a-z0-9-].", nameof(key));
        }
    }

    private async Task DeleteRevisionsAsync(FilterDefinition<GridFSFileInfo<ObjectId>> filter, CancellationToken cancellationToken)
    {
        var revisions = await (await _bucket.FindAsync(filter, cancellationToken: cancellationToken)).ToListAsync(cancellationToken);
        foreach (var revision in revisions)
        {
            try
            {
                await _bucket.DeleteAsync(revision.Id, cancellationToken);
            }
            catch (GridFSFileNotFoundException)
            {
                // Another writer or the sweeper deleted it first.
            }
        }
    }
}
