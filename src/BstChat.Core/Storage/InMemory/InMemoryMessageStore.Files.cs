namespace BstChat.Storage.InMemory;

/// <summary>The in-memory store's file records: one lock over all of them, which makes each call atomic.</summary>
internal sealed partial class InMemoryMessageStore : IChatFileCatalog
{
    private readonly Dictionary<string, ChatFile> _files = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public ValueTask AddFileAsync(ChatFile file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_files)
        {
            if (!_files.TryAdd(file.Id, file))
            {
                throw new InvalidOperationException($"A file with id {file.Id} is already recorded.");
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<ChatFile?> FindFileAsync(string conversationId, string fileId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_files)
        {
            return ValueTask.FromResult(Find(conversationId, fileId));
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> SetFileStateAsync(string conversationId, string fileId, ChatFileState expected, ChatFileState target, DateTimeOffset at, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_files)
        {
            if (Find(conversationId, fileId) is not { } file || file.State != expected)
            {
                return ValueTask.FromResult(false);
            }

            _files[fileId] = file with { State = target, StateChangedAt = at };
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ChatFile>?> ClaimFilesAsync(FileClaim claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_files)
        {
            var claimed = new List<ChatFile>(claim.FileIds.Count);
            foreach (var fileId in claim.FileIds)
            {
                if (Find(claim.ConversationId, fileId) is not { } file || !FileClaims.Allows(claim, file))
                {
                    return ValueTask.FromResult<IReadOnlyList<ChatFile>?>(null);
                }

                claimed.Add(FileClaims.Apply(claim, file));
            }

            foreach (var file in claimed)
            {
                _files[file.Id] = file;
            }

            return ValueTask.FromResult<IReadOnlyList<ChatFile>?>(claimed);
        }
    }

    /// <inheritdoc />
    public ValueTask<int> ConfirmFilesAsync(string conversationId, string messageId, DateTimeOffset at, CancellationToken cancellationToken) =>
        MoveMessageFiles(conversationId, messageId, static state => state == ChatFileState.Claimed, ChatFileState.Attached, at, cancellationToken);

    /// <inheritdoc />
    public ValueTask<int> DeleteMessageFilesAsync(string conversationId, string messageId, DateTimeOffset at, CancellationToken cancellationToken) =>
        MoveMessageFiles(conversationId, messageId, static state => state is ChatFileState.Claimed or ChatFileState.Attached, ChatFileState.Deleted, at, cancellationToken);

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ChatFile>> ListFilesAsync(ChatFileState state, DateTimeOffset changedBefore, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_files)
        {
            IReadOnlyList<ChatFile> page = [.. _files.Values
                .Where(file => file.State == state && file.StateChangedAt < changedBefore)
                .OrderBy(static file => file.StateChangedAt)
                .ThenBy(static file => file.Id, StringComparer.Ordinal)
                .Take(limit)];
            return ValueTask.FromResult(page);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> RemoveFileAsync(string conversationId, string fileId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_files)
        {
            var removable = Find(conversationId, fileId) is { State: ChatFileState.Deleted or ChatFileState.Uploading };
            return ValueTask.FromResult(removable && _files.Remove(fileId));
        }
    }

    /// <inheritdoc />
    public ValueTask<ChatFileUsage> GetFileUsageAsync(string conversationId, string userId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_files)
        {
            long user = 0, conversation = 0;
            foreach (var file in _files.Values.Where(static file => file.State != ChatFileState.Deleted))
            {
                user += file.UploaderId == userId ? file.Size : 0;
                conversation += file.ConversationId == conversationId ? file.Size : 0;
            }

            return ValueTask.FromResult(new ChatFileUsage(user, conversation));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ChatFile>> GetConversationFilesAsync(string conversationId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_files)
        {
            IReadOnlyList<ChatFile> files = [.. _files.Values
                .Where(file => file.ConversationId == conversationId && file.State != ChatFileState.Deleted)
                .OrderBy(static file => file.Id, StringComparer.Ordinal)];
            return ValueTask.FromResult(files);
        }
    }

    private ChatFile? Find(string conversationId, string fileId) =>
        _files.TryGetValue(fileId, out var file) && file.ConversationId == conversationId ? file : null;

    private ValueTask<int> MoveMessageFiles(string conversationId, string messageId, Func<ChatFileState, bool> from, ChatFileState to, DateTimeOffset at, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_files)
        {
            var moving = _files.Values
                .Where(file => file.ConversationId == conversationId && file.MessageId == messageId && from(file.State))
                .ToList();
            foreach (var file in moving)
            {
                _files[file.Id] = file with { State = to, StateChangedAt = at };
            }

            return ValueTask.FromResult(moving.Count);
        }
    }
}
