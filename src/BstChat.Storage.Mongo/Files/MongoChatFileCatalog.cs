using BstChat.Storage.Mongo.Collections;
using BstChat.Storage.Mongo.Documents;
using BstChat.Storage.Mongo.Errors;
using BstChat.Storage.Mongo.Queries;
using MongoDB.Driver;

namespace BstChat.Storage.Mongo.Files;

/// <summary>
/// File records in their own collection, one document per file. Every move is one update filtered
/// by the state expected, so of two writers racing for a file the server lets exactly one match.
/// Every call runs through <see cref="StoreOperationRunner"/>.
/// </summary>
internal sealed class MongoChatFileCatalog(ChatCollections collections, StoreOperationRunner runner) : IChatFileCatalog
{
    public async ValueTask AddFileAsync(ChatFile file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        var document = FileMapper.ToDocument(file);
        await runner.RunAsync("add file", async ct =>
        {
            try
            {
                await collections.Files.InsertOneAsync(document, cancellationToken: ct);
            }
            catch (MongoWriteException e) when (MongoErrors.IsDuplicateKey(e))
            {
                throw new InvalidOperationException($"A file with id {file.Id} is already recorded.", e);
            }
        }, cancellationToken);
    }

    public async ValueTask<ChatFile?> FindFileAsync(string conversationId, string fileId, CancellationToken cancellationToken) =>
        await runner.RunAsync("find file", async ct =>
        {
            var document = await collections.Files.Find(FileQueries.ById(conversationId, fileId)).FirstOrDefaultAsync(ct);
            return document is null ? null : FileMapper.ToModel(document);
        }, cancellationToken);

    public async ValueTask<bool> SetFileStateAsync(string conversationId, string fileId, ChatFileState expected, ChatFileState target, DateTimeOffset at, CancellationToken cancellationToken) =>
        await runner.RunAsync("set file state", async ct =>
        {
            var result = await collections.Files.UpdateOneAsync(FileQueries.InState(conversationId, fileId, expected), FileQueries.MoveTo(target, at), cancellationToken: ct);
            return result.MatchedCount == 1;
        }, cancellationToken);

    /// <summary>
    /// Reads the files, checks each by <see cref="FileClaims.Allows"/>, then writes each claim as a
    /// compare-and-set over the record it checked; if one of them no longer matches, the claims
    /// already written are put back, each only while it is still this claim's.
    /// </summary>
    /// <remarks>
    /// The store needs no multi-document transaction, so the claim is not one atomic write, and
    /// that is safe: a file this claim holds for a moment is <see cref="ChatFileState.Claimed"/>
    /// for a message that is never stored, which no other send may take (only a retry of this same
    /// send, by the same uploader under the same key), and which the sweeper settles as unsent if
    /// this server dies before putting it back. A reader never sees a message carrying a file it
    /// failed to claim: the message is stored only after the whole claim succeeded.
    /// </remarks>
    public async ValueTask<IReadOnlyList<ChatFile>?> ClaimFilesAsync(FileClaim claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return await runner.RunAsync("claim files", async ct =>
        {
            var found = (await collections.Files.Find(FileQueries.ByIds(claim.ConversationId, claim.FileIds)).ToListAsync(ct))
                .ToDictionary(static d => d.Id, StringComparer.Ordinal);
            var read = new List<FileDocument>(claim.FileIds.Count);
            foreach (var fileId in claim.FileIds)
            {
                if (!found.TryGetValue(fileId, out var document) || !FileClaims.Allows(claim, FileMapper.ToModel(document)))
                {
                    return null;
                }

                read.Add(document);
            }

            var claimed = new List<ChatFile>(read.Count);
            var written = new List<(FileDocument Before, FileDocument After)>();
            foreach (var before in read)
            {
                var file = FileClaims.Apply(claim, FileMapper.ToModel(before));
                claimed.Add(file);
                if (file.State == ChatFileState.Attached)
                {
                    // A retry of a send that was stored: the file stays with the message that carries it.
                    continue;
                }

                var after = FileMapper.ToDocument(file);
                // Not the caller's token: once a claim may be written, its undoing must be written too.
                var result = await collections.Files.UpdateOneAsync(FileQueries.Unchanged(before), FileQueries.Restate(after), cancellationToken: CancellationToken.None);
                if (result.MatchedCount == 0)
                {
                    await UndoAsync(written);
                    return null;
                }

                written.Add((before, after));
            }

            return (IReadOnlyList<ChatFile>?)claimed;
        }, cancellationToken);
    }

    public async ValueTask<int> ConfirmFilesAsync(string conversationId, string messageId, DateTimeOffset at, CancellationToken cancellationToken) =>
        await runner.RunAsync("confirm files", async ct =>
        {
            var result = await collections.Files.UpdateManyAsync(
                FileQueries.OfMessage(conversationId, messageId, ChatFileState.Claimed), FileQueries.MoveTo(ChatFileState.Attached, at), cancellationToken: ct);
            return (int)result.ModifiedCount;
        }, cancellationToken);

    public async ValueTask<int> DeleteMessageFilesAsync(string conversationId, string messageId, DateTimeOffset at, CancellationToken cancellationToken) =>
        await runner.RunAsync("delete message files", async ct =>
        {
            var result = await collections.Files.UpdateManyAsync(
                FileQueries.OfMessage(conversationId, messageId, ChatFileState.Claimed, ChatFileState.Attached), FileQueries.MoveTo(ChatFileState.Deleted, at), cancellationToken: ct);
            return (int)result.ModifiedCount;
        }, cancellationToken);

    public async ValueTask<IReadOnlyList<ChatFile>> ListFilesAsync(ChatFileState state, DateTimeOffset changedBefore, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return await runner.RunAsync("list files", async ct =>
        {
            var documents = await collections.Files.Find(FileQueries.StateChangedBefore(state, changedBefore))
                .Sort(FileQueries.OldestChangeFirst).Limit(limit).ToListAsync(ct);
            return (IReadOnlyList<ChatFile>)[.. documents.Select(FileMapper.ToModel)];
        }, cancellationToken);
    }

    public async ValueTask<bool> RemoveFileAsync(string conversationId, string fileId, CancellationToken cancellationToken) =>
        await runner.RunAsync("remove file", async ct =>
            (await collections.Files.DeleteOneAsync(FileQueries.Removable(conversationId, fileId), ct)).DeletedCount == 1, cancellationToken);

    public async ValueTask<ChatFileUsage> GetFileUsageAsync(string conversationId, string userId, CancellationToken cancellationToken) =>
        await runner.RunAsync("file usage", async ct =>
        {
            var sums = await collections.Files.Aggregate(FileQueries.Usage(conversationId, userId), cancellationToken: ct).FirstOrDefaultAsync(ct);
            return sums is null
                ? new ChatFileUsage(0, 0)
                : new ChatFileUsage(sums[FileQueries.UserBytes].ToInt64(), sums[FileQueries.ConversationBytes].ToInt64());
        }, cancellationToken);

    public async ValueTask<IReadOnlyList<ChatFile>> GetConversationFilesAsync(string conversationId, CancellationToken cancellationToken) =>
        await runner.RunAsync("conversation files", async ct =>
        {
            var documents = await collections.Files.Find(FileQueries.NotDeletedIn(conversationId)).Sort(FileQueries.IdOrder).ToListAsync(ct);
            return (IReadOnlyList<ChatFile>)[.. documents.Select(FileMapper.ToModel)];
        }, cancellationToken);

    // Puts each file back as it was read, only while it still holds this claim: a file moved since (by a retry of the same send) is left as it is.
    private async Task UndoAsync(List<(FileDocument Before, FileDocument After)> written)
    {
        foreach (var (before, after) in written)
        {
            await collections.Files.UpdateOneAsync(FileQueries.Unchanged(after), FileQueries.Restate(before), cancellationToken: CancellationToken.None);
        }
    }
}
