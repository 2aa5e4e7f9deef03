using BstChat.Files;
using BstChat.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BstChat.Migration;

/// <summary>
/// Copies the files of every conversation from one deployment to another after
/// <see cref="ChatStoreCopier"/> has copied the messages that carry them: each file's content and
/// thumbnail first, then its record, so the target never holds a record whose content is
/// missing. Resumable and idempotent like the store copy: content the target holds byte for byte
/// and records it holds unchanged are not written again, so two deployments sharing one file
/// directory copy only the records.
/// </summary>
/// <remarks>Copy from a deployment nobody writes to; files still uploading are left out, since their content may be incomplete.</remarks>
public sealed class ChatFileCopier
{
    private readonly IChatStoreExport _conversations;
    private readonly ChatFileStores _source;
    private readonly ChatFileStores _target;
    private readonly int _pageSize;
    private readonly ILogger _logger;

    /// <summary>Creates a copier.</summary>
    /// <param name="conversations">The source chat store, whose conversations say which files there are.</param>
    /// <param name="source">The source's file records and content.</param>
    /// <param name="target">The target's file records and content; empty, or an earlier copy of <paramref name="source"/>.</param>
    /// <param name="pageSize">Conversations read per round trip.</param>
    /// <param name="logger">Where to log; nowhere by default.</param>
    public ChatFileCopier(IChatStoreExport conversations, ChatFileStores source, ChatFileStores target, int pageSize = 500, ILogger<ChatFileCopier>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(conversations);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        _conversations = conversations;
        _source = source;
        _target = target;
        _pageSize = pageSize;
        _logger = logger ?? NullLogger<ChatFileCopier>.Instance;
    }

    /// <summary>Copies every file, or whatever an earlier run left out or the source changed since.</summary>
    /// <param name="cancellationToken">Stops the copy between files; running it again resumes.</param>
    /// <returns>What was copied.</returns>
    public async Task<ChatFileCopyResult> CopyAsync(CancellationToken cancellationToken)
    {
        long files = 0, written = 0, contents = 0, uploading = 0;
        var missing = new List<string>();
        await foreach (var file in SourceFilesAsync(cancellationToken))
        {
            if (file.State == ChatFileState.Uploading)
            {
                uploading++;
                continue;
            }

            files++;
            var copied = await CopyContentAsync(file, ChatFileKeys.Content(file.Id), cancellationToken);
            if (copied is null)
            {
                files--;
                missing.Add($"file {file.Id} in {file.ConversationId}");
                ChatFileCopyLog.ContentMissing(_logger, file.ConversationId, file.Id);
                continue;
            }

            contents += copied.Value ? 1 : 0;
            if (file.HasThumbnail && await CopyContentAsync(file, ChatFileKeys.Thumbnail(file.Id), cancellationToken) is true)
            {
                contents++;
            }

            if (await WriteRecordAsync(file, cancellationToken))
            {
                written++;
            }
        }

        ChatFileCopyLog.CopyFinished(_logger, files, written, contents);
        return new ChatFileCopyResult(files, written, contents, uploading, missing);
    }

    /// <summary>Compares the target's files with the source's: every record the copy carries, and each content byte for byte.</summary>
    /// <param name="cancellationToken">Cancels the verification.</param>
    /// <returns>What differs, one line each (at most <see cref="ChatStoreCopier.MaxDifferences"/>); empty when the target holds every file as the source does.</returns>
    public async Task<IReadOnlyList<string>> VerifyAsync(CancellationToken cancellationToken)
    {
        var differences = new List<string>();
        await foreach (var file in SourceFilesAsync(cancellationToken))
        {
            if (differences.Count >= ChatStoreCopier.MaxDifferences)
            {
                break;
            }

            if (file.State == ChatFileState.Uploading || !await HasSourceContentAsync(file, cancellationToken))
            {
                continue;
            }

            var held = await _target.Catalog.FindFileAsync(file.ConversationId, file.Id, cancellationToken);
            if (held is null || !CopiedFileRecord.Matches(held, file))
            {
                differences.Add($"file {file.Id} in {file.ConversationId}: the record is {(held is null ? "missing" : "different")}");
                continue;
            }

            foreach (var key in KeysOf(file))
            {
                if (!await SameContentAsync(key, cancellationToken))
                {
                    differences.Add($"file {file.Id} in {file.ConversationId}: the content under {key} differs");
                }
            }
        }

        foreach (var difference in differences)
        {
            ChatStoreCopyLog.Difference(_logger, difference);
        }

        return differences;
    }

    private async IAsyncEnumerable<ChatFile> SourceFilesAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? afterId = null;
        while (true)
        {
            var page = await _conversations.ExportConversationsAsync(afterId, _pageSize, cancellationToken);
            foreach (var conversation in page)
            {
                foreach (var file in await _source.Catalog.GetConversationFilesAsync(conversation.Id, cancellationToken))
                {
                    yield return file;
                }
            }

            if (page.Count < _pageSize)
            {
                yield break;
            }

            afterId = page[^1].Id;
        }
    }

    private static string[] KeysOf(ChatFile file) =>
        file.HasThumbnail ? [ChatFileKeys.Content(file.Id), ChatFileKeys.Thumbnail(file.Id)] : [ChatFileKeys.Content(file.Id)];

    private async ValueTask<bool> HasSourceContentAsync(ChatFile file, CancellationToken cancellationToken)
    {
        await using var probe = await _source.Content.OpenReadAsync(ChatFileKeys.Content(file.Id), cancellationToken);
        return probe is not null;
    }

    /// <summary>Writes one content to the target unless it holds it already; null when the source has none.</summary>
    private async ValueTask<bool?> CopyContentAsync(ChatFile file, string key, CancellationToken cancellationToken)
    {
        await using (var probe = await _source.Content.OpenReadAsync(key, cancellationToken))
        {
            if (probe is null)
            {
                return null;
            }
        }

        if (await SameContentAsync(key, cancellationToken))
        {
            return false;
        }

        await using var content = await _source.Content.OpenReadAsync(key, cancellationToken)
            ?? throw new ChatStoreCopyException($"The content of file {file.Id} disappeared from the source during the copy.");
        await _target.Content.WriteAsync(key, content, cancellationToken);
        return true;
    }

    private async ValueTask<bool> SameContentAsync(string key, CancellationToken cancellationToken)
    {
        await using var source = await _source.Content.OpenReadAsync(key, cancellationToken);
        await using var target = await _target.Content.OpenReadAsync(key, cancellationToken);
        return source is not null && target is not null && await StreamContent.EqualAsync(source, target, cancellationToken);
    }

    /// <summary>Adds the record, or replaces one an earlier run copied before the source moved it on (the target is not live).</summary>
    private async ValueTask<bool> WriteRecordAsync(ChatFile file, CancellationToken cancellationToken)
    {
        var held = await _target.Catalog.FindFileAsync(file.ConversationId, file.Id, cancellationToken);
        if (held is not null)
        {
            if (CopiedFileRecord.Matches(held, file))
            {
                return false;
            }

            // A catalog removes only deleted records; a record left deleted by a run cut off here is replaced by the next.
            await _target.Catalog.SetFileStateAsync(file.ConversationId, file.Id, held.State, ChatFileState.Deleted, held.StateChangedAt, cancellationToken);
            await _target.Catalog.RemoveFileAsync(file.ConversationId, file.Id, cancellationToken);
        }

        await _target.Catalog.AddFileAsync(file, cancellationToken);
        return true;
    }
}
