using BstChat.Diagnostics;
using BstChat.Files.Images;
using BstChat.Services;
using BstChat.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BstChat.Files;

/// <summary>
/// Uploads and downloads under the file rules. An upload is received onto local disk and
/// checked there (type, size, quota, scanner, photo metadata, thumbnail) before anything is
/// stored; then its record is written as uploading, its content streamed to the file store, and
/// the record marked ready, so a crash at any point leaves nothing a reader can see.
/// </summary>
internal sealed class ChatFileService(
    IMessageStore store,
    IChatFileCatalog catalog,
    IChatFileStore files,
    ChatFileStaging staging,
    IOptions<BstChatOptions> options,
    TimeProvider timeProvider,
    ILogger<ChatFileService> logger,
    IChatFileScanner? scanner = null,
    IChatThumbnailMaker? thumbnails = null) : IChatFiles
{
    private ChatFileOptions Options => options.Value.Files;

    public async ValueTask<ChatFile> UploadAsync(string conversationId, string userId, string? fileName, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ChatValidation.ConversationId(conversationId);
        _ = await store.FindMemberAsync(conversationId, userId, cancellationToken) ?? throw ChatErrors.ConversationNotFound();
        await RequireQuotaAsync(conversationId, userId, 0, cancellationToken);

        await using var staged = await StagedFile.ReceiveAsync(content, Options, staging.Directory, cancellationToken);
        var name = ChatFileName.For(fileName, staged.ContentType);
        var image = await PrepareImageAsync(staged, cancellationToken);
        await RequireQuotaAsync(conversationId, userId, staged.Size, cancellationToken);
        await ScanAsync(conversationId, userId, name, staged, cancellationToken);

        await using var thumbnail = await MakeThumbnailAsync(staged, cancellationToken);
        var now = timeProvider.GetUtcNow();
        var file = new ChatFile
        {
            Id = Guid.CreateVersion7(now).ToString("N"),
            ConversationId = conversationId,
            UploaderId = userId,
            Name = name,
            ContentType = staged.ContentType,
            Size = staged.Size,
            Width = image?.Width,
            Height = image?.Height,
            HasThumbnail = thumbnail is not null,
            ContentHash = staged.ContentHash,
            CreatedAt = now,
            State = ChatFileState.Uploading,
            StateChangedAt = now,
        };

        await catalog.AddFileAsync(file, cancellationToken);
        try
        {
            staged.Content.Position = 0;
            await files.WriteAsync(ChatFileKeys.Content(file.Id), staged.Content, cancellationToken);
            if (thumbnail is not null)
            {
                thumbnail.Position = 0;
                await files.WriteAsync(ChatFileKeys.Thumbnail(file.Id), thumbnail, cancellationToken);
            }

            var ready = timeProvider.GetUtcNow();
            if (!await catalog.SetFileStateAsync(conversationId, file.Id, ChatFileState.Uploading, ChatFileState.Ready, ready, cancellationToken))
            {
                throw new InvalidOperationException($"File {file.Id} left the uploading state while it was being stored.");
            }

            ChatFileLog.Uploaded(logger, conversationId, file.Id, file.ContentType, file.Size);
            return file with { State = ChatFileState.Ready, StateChangedAt = ready };
        }
        catch
        {
            // The record says uploading, so nobody can read what was written; the sweeper removes both should this fail too.
            await ForgetAsync(file, CancellationToken.None);
            throw;
        }
    }

    public async ValueTask<ChatFileDownload> OpenAsync(string conversationId, string fileId, string userId, bool thumbnail, CancellationToken cancellationToken)
    {
        ChatValidation.ConversationId(conversationId);
        ChatValidation.FileId(fileId);
        _ = await store.FindMemberAsync(conversationId, userId, cancellationToken) ?? throw ChatErrors.ConversationNotFound();
        var file = await catalog.FindFileAsync(conversationId, fileId, cancellationToken);
        if (file is null || !ChatFileAccess.MayRead(file, userId) || (thumbnail && !file.HasThumbnail))
        {
            throw ChatErrors.FileNotFound();
        }

        var key = thumbnail ? ChatFileKeys.Thumbnail(fileId) : ChatFileKeys.Content(fileId);
        var content = await files.OpenReadAsync(key, cancellationToken) ?? throw ChatErrors.FileNotFound();
        return new ChatFileDownload(file, content, thumbnail);
    }

    private async ValueTask RequireQuotaAsync(string conversationId, string userId, long adding, CancellationToken cancellationToken)
    {
        var usage = await catalog.GetFileUsageAsync(conversationId, userId, cancellationToken);
        if (usage.UserBytes + adding > Options.MaxBytesPerUser || (adding == 0 && usage.UserBytes >= Options.MaxBytesPerUser))
        {
            throw new ChatException(ChatErrorKind.Forbidden, ChatErrorCodes.FileQuotaExceeded,
                "Your files already take all the space you have; delete some messages with files to make room.");
        }

        if (usage.ConversationBytes + adding > Options.MaxBytesPerConversation || (adding == 0 && usage.ConversationBytes >= Options.MaxBytesPerConversation))
        {
            throw new ChatException(ChatErrorKind.Forbidden, ChatErrorCodes.FileQuotaExceeded,
                "This conversation's files already take all the space it has; delete some messages with files to make room.");
        }
    }

    private async ValueTask ScanAsync(string conversationId, string userId, string name, StagedFile staged, CancellationToken cancellationToken)
    {
        if (scanner is null)
        {
            return;
        }

        staged.Content.Position = 0;
        var verdict = await scanner.ScanAsync(
            new ChatFileScan { ConversationId = conversationId, UploaderId = userId, Name = name, ContentType = staged.ContentType, Size = staged.Size },
            staged.Content,
            cancellationToken);
        if (verdict.IsRefused)
        {
            ChatFileLog.Refused(logger, conversationId, userId, verdict.Refusal!);
            throw new ChatException(ChatErrorKind.Unprocessable, ChatErrorCodes.FileRefused, verdict.Refusal!);
        }
    }

    /// <summary>An image's size as shown, and unless the host turned it off, the image rewritten without its metadata.</summary>
    private async ValueTask<ImageInfo?> PrepareImageAsync(StagedFile staged, CancellationToken cancellationToken)
    {
        if (!ChatFileTypes.ShownInline.Contains(staged.ContentType))
        {
            return null;
        }

        staged.Content.Position = 0;
        if (!Options.StripImageMetadata)
        {
            return await ImageRewriting.RewriteAsync(staged.Content, staged.ContentType, target: null, cancellationToken);
        }

        var stripped = StagedFile.CreateEmpty(staging.Directory);
        try
        {
            var info = await ImageRewriting.RewriteAsync(staged.Content, staged.ContentType, stripped, cancellationToken);
            await stripped.FlushAsync(cancellationToken);
            await staged.ReplaceContentAsync(stripped, cancellationToken);
            return info;
        }
        catch
        {
            await stripped.DisposeAsync();
            throw;
        }
    }

    private async ValueTask<FileStream?> MakeThumbnailAsync(StagedFile staged, CancellationToken cancellationToken)
    {
        if (thumbnails is null || !ChatFileTypes.ShownInline.Contains(staged.ContentType))
        {
            return null;
        }

        var thumbnail = StagedFile.CreateEmpty(staging.Directory);
        try
        {
            staged.Content.Position = 0;
            if (await thumbnails.MakeThumbnailAsync(staged.Content, staged.ContentType, Options.ThumbnailSize, thumbnail, cancellationToken))
            {
                return thumbnail;
            }
        }
        catch
        {
            await thumbnail.DisposeAsync();
            throw;
        }

        await thumbnail.DisposeAsync();
        return null;
    }

    private async ValueTask ForgetAsync(ChatFile file, CancellationToken cancellationToken)
    {
        try
        {
            await files.DeleteAsync(ChatFileKeys.Content(file.Id), cancellationToken);
            await files.DeleteAsync(ChatFileKeys.Thumbnail(file.Id), cancellationToken);
            await catalog.RemoveFileAsync(file.ConversationId, file.Id, cancellationToken);
        }
        catch (Exception exception) when (exception is ChatStoreUnavailableException or IOException)
        {
            ChatFileLog.LeftForSweeper(logger, file.Id, exception);
        }
    }
}
