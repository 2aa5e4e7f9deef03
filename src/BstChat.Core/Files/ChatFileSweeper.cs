using BstChat.Diagnostics;
using BstChat.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BstChat.Files;

/// <summary>
/// Removes what no reader may see any more: uploads never attached, uploads a crash cut off,
/// claims whose send never stored its message, and the content of deleted files. Each step is
/// a compare-and-set on the record first, so a send that attaches a file at the same moment
/// either wins it or finds it gone, never half of each.
/// </summary>
internal sealed class ChatFileSweeper(
    IMessageStore store,
    IChatFileCatalog catalog,
    IChatFileStore files,
    IOptions<BstChatOptions> options,
    TimeProvider timeProvider,
    ILogger<ChatFileSweeper> logger)
{
    private const int PageSize = 100;

    /// <summary>Sweeps once, to the end of what is due now.</summary>
    /// <param name="cancellationToken">Cancels the sweep; what was done stays done.</param>
    /// <returns>How many records were removed, and how many claims were settled as sent.</returns>
    public async ValueTask<(int Removed, int Settled)> SweepOnceAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var expired = now - options.Value.Files.UnattachedLifetime;
        var settled = 0;

        await ForEachAsync(ChatFileState.Ready, expired, async file =>
            await catalog.SetFileStateAsync(file.ConversationId, file.Id, ChatFileState.Ready, ChatFileState.Deleted, now, cancellationToken), cancellationToken);

        await ForEachAsync(ChatFileState.Claimed, expired, async file =>
        {
            // A claim this old belongs to a send that ended: its message was stored (confirm) or never was (delete).
            var message = await store.FindMessageAsync(file.ConversationId, file.MessageId!, cancellationToken);
            var sent = message is { IsDeleted: false } && message.Attachments.Any(attachment => attachment.FileId == file.Id);
            var moved = await catalog.SetFileStateAsync(file.ConversationId, file.Id, ChatFileState.Claimed,
                sent ? ChatFileState.Attached : ChatFileState.Deleted, now, cancellationToken);
            settled += moved && sent ? 1 : 0;
            return moved;
        }, cancellationToken);

        var removed = 0;
        foreach (var (state, before) in new[] { (ChatFileState.Uploading, expired), (ChatFileState.Deleted, now) })
        {
            await ForEachAsync(state, before, async file =>
            {
                await files.DeleteAsync(ChatFileKeys.Content(file.Id), cancellationToken);
                await files.DeleteAsync(ChatFileKeys.Thumbnail(file.Id), cancellationToken);
                var gone = await catalog.RemoveFileAsync(file.ConversationId, file.Id, cancellationToken);
                removed += gone ? 1 : 0;
                return gone;
            }, cancellationToken);
        }

        if (removed + settled > 0)
        {
            ChatFileLog.Swept(logger, removed, settled);
        }

        return (removed, settled);
    }

    // Pages through one state; a page where nothing moved would come back the same, so it ends the walk.
    private async ValueTask ForEachAsync(ChatFileState state, DateTimeOffset before, Func<ChatFile, ValueTask<bool>> sweep, CancellationToken cancellationToken)
    {
        while (true)
        {
            var page = await catalog.ListFilesAsync(state, before, PageSize, cancellationToken);
            var moved = 0;
            foreach (var file in page)
            {
                moved += await sweep(file) ? 1 : 0;
            }

            if (page.Count < PageSize || moved == 0)
            {
                return;
            }
        }
    }
}
