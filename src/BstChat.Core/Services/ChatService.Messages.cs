using BstChat.Diagnostics;
using BstChat.Storage;

namespace BstChat.Services;

// Messages: sends (members' and the host's), edits, deletes and the record moderators read.
internal sealed partial class ChatService
{
    public async ValueTask<SendResult> SendSystemMessageAsync(string conversationId, string text, string? clientMessageId, CancellationToken cancellationToken)
    {
        ChatValidation.ConversationId(conversationId);
        return await AppendAsync(conversationId, senderId: "", senderName: "", text, clientMessageId, cancellationToken);
    }

    public ValueTask<SendResult> SendAsync(string conversationId, string userId, string text, string? clientMessageId, CancellationToken cancellationToken) =>
        SendAsync(conversationId, userId, text, clientMessageId, [], cancellationToken);

    public async ValueTask<SendResult> SendAsync(string conversationId, string userId, string text, string? clientMessageId, IReadOnlyList<string> fileIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fileIds);
        ChatValidation.ConversationId(conversationId);
        ChatValidation.Attachments(fileIds, Options.Files.MaxAttachmentsPerMessage);
        var member = await RequireMemberAsync(conversationId, userId, cancellationToken);
        var result = fileIds.Count == 0
            ? await AppendAsync(conversationId, userId, member.DisplayName, text, clientMessageId, cancellationToken)
            : await AppendWithFilesAsync(member, text, clientMessageId, fileIds, cancellationToken);
        if (await typingTracker.ClearAsync(conversationId, userId, cancellationToken))
        {
            await notifier.NotifyAsync(conversationId, cancellationToken);
        }

        return result;
    }

    public async ValueTask<Message> EditAsync(string conversationId, string messageId, string userId, string text, CancellationToken cancellationToken)
    {
        ChatValidation.ConversationId(conversationId);
        ChatValidation.MessageId(messageId);
        ChatValidation.Text(text, Options.MaxMessageLength);
        await RequireMemberAsync(conversationId, userId, cancellationToken);
        var message = await FindMessageAsync(conversationId, messageId, cancellationToken);
        if (message.SenderId != userId)
        {
            throw new ChatException(ChatErrorKind.Forbidden, ChatErrorCodes.NotAllowed, "Only the author may edit a message.");
        }

        var edited = await store.UpdateMessageAsync(
            new MessageUpdate { ConversationId = conversationId, MessageId = messageId, NewText = text, At = timeProvider.GetUtcNow(), ChangedBy = userId },
            cancellationToken) ?? throw ChatErrors.MessageNotFound();
        if (edited.IsDeleted)
        {
            throw new ChatException(ChatErrorKind.Conflict, ChatErrorCodes.MessageDeleted, "The message was deleted and can no longer be edited.");
        }

        await AnnounceChangeAsync(message, edited, "edit", cancellationToken);
        return edited;
    }

    public async ValueTask<Message> DeleteAsync(string conversationId, string messageId, string userId, CancellationToken cancellationToken)
    {
        ChatValidation.ConversationId(conversationId);
        ChatValidation.MessageId(messageId);
        var member = await RequireMemberAsync(conversationId, userId, cancellationToken);
        var message = await FindMessageAsync(conversationId, messageId, cancellationToken);
        if (message.SenderId != userId && member.Role != MemberRole.Moderator)
        {
            throw new ChatException(ChatErrorKind.Forbidden, ChatErrorCodes.NotAllowed, "Only the author or a moderator may delete a message.");
        }

        if (fileCatalog is not null)
        {
            // Files go first: once the message is a tombstone, nothing would lead to them.
            await fileCatalog.DeleteMessageFilesAsync(conversationId, messageId, timeProvider.GetUtcNow(), cancellationToken);
        }

        var deleted = await store.UpdateMessageAsync(
            new MessageUpdate { ConversationId = conversationId, MessageId = messageId, NewText = null, At = timeProvider.GetUtcNow(), ChangedBy = userId },
            cancellationToken) ?? throw ChatErrors.MessageNotFound();
        await AnnounceChangeAsync(message, deleted, "delete", cancellationToken);
        return deleted;
    }

    public async ValueTask<Message> GetMessageAsync(string conversationId, string messageId, string userId, CancellationToken cancellationToken)
    {
        ChatValidation.ConversationId(conversationId);
        ChatValidation.MessageId(messageId);
        await RequireMemberAsync(conversationId, userId, cancellationToken);
        return await FindMessageAsync(conversationId, messageId, cancellationToken);
    }

    public async ValueTask<IReadOnlyList<MessageRevision>> GetRevisionsAsync(string conversationId, string messageId, string userId, CancellationToken cancellationToken)
    {
        ChatValidation.ConversationId(conversationId);
        ChatValidation.MessageId(messageId);
        var member = await RequireMemberAsync(conversationId, userId, cancellationToken);
        if (member.Role != MemberRole.Moderator)
        {
            throw new ChatException(ChatErrorKind.Forbidden, ChatErrorCodes.NotAllowed, "Only a moderator may read what a message was before it was edited or deleted.");
        }

        _ = await FindMessageAsync(conversationId, messageId, cancellationToken);
        return await store.GetRevisionsAsync(conversationId, messageId, cancellationToken);
    }

    public async ValueTask<IReadOnlyList<MessageRevision>> GetRevisionsAsync(string conversationId, string messageId, CancellationToken cancellationToken)
    {
        ChatValidation.ConversationId(conversationId);
        ChatValidation.MessageId(messageId);
        return await store.GetRevisionsAsync(conversationId, messageId, cancellationToken);
    }

    // Claim, store, confirm: a crash between the steps leaves a claim the sweeper settles by looking the message up.
    private async ValueTask<SendResult> AppendWithFilesAsync(Member member, string text, string? clientMessageId, IReadOnlyList<string> fileIds, CancellationToken cancellationToken)
    {
        if (text.Length > 0)
        {
            ChatValidation.Text(text, Options.MaxMessageLength);
        }

        ChatValidation.ClientMessageId(clientMessageId);
        var catalog = fileCatalog ?? throw new InvalidOperationException("This message store keeps no file records (IChatFileCatalog), so messages cannot carry files.");
        var now = timeProvider.GetUtcNow();
        var messageId = Guid.CreateVersion7(now).ToString("N");
        var claim = new FileClaim
        {
            ConversationId = member.ConversationId,
            FileIds = fileIds,
            UploaderId = member.UserId,
            MessageId = messageId,
            ClientMessageId = clientMessageId,
            At = now,
        };
        var claimed = await catalog.ClaimFilesAsync(claim, cancellationToken)
            ?? throw new ChatException(ChatErrorKind.Unprocessable, ChatErrorCodes.InvalidAttachments,
                "A file named is not one you uploaded to this conversation, has expired, or was already sent.");

        SendResult result;
        try
        {
            result = await AppendAsync(member.ConversationId, member.UserId, member.DisplayName, text, clientMessageId,
                MessageAttachments.Of(claimed.Select(MessageAttachment.Of)), messageId, now, cancellationToken);
        }
        catch (Exception exception) when (exception is ChatException or ChatStoreUnavailableException)
        {
            // Nothing was stored: the files go back to their uploader, to send again.
            foreach (var file in claimed.Where(file => file.MessageId == messageId))
            {
                await catalog.SetFileStateAsync(file.ConversationId, file.Id, ChatFileState.Claimed, ChatFileState.Ready, timeProvider.GetUtcNow(), CancellationToken.None);
            }

            throw;
        }

        var stored = result.Message.Id;
        if (stored != messageId)
        {
            // A replay: the first send stored the message. Its files, claimed again above, belong to it.
            await catalog.ClaimFilesAsync(claim with { MessageId = stored }, cancellationToken);
        }

        await catalog.ConfirmFilesAsync(member.ConversationId, stored, timeProvider.GetUtcNow(), cancellationToken);
        return result;
    }

    private ValueTask<SendResult> AppendAsync(string conversationId, string senderId, string senderName, string text, string? clientMessageId, CancellationToken cancellationToken)
    {
        ChatValidation.Text(text, Options.MaxMessageLength);
        var now = timeProvider.GetUtcNow();
        return AppendAsync(conversationId, senderId, senderName, text, clientMessageId, MessageAttachments.Empty, Guid.CreateVersion7(now).ToString("N"), now, cancellationToken);
    }

    private async ValueTask<SendResult> AppendAsync(
        string conversationId, string senderId, string senderName, string text, string? clientMessageId,
        MessageAttachments attachments, string messageId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ChatValidation.ClientMessageId(clientMessageId);
        var result = await store.AppendMessageAsync(
            new NewMessage
            {
                Id = messageId,
                ConversationId = conversationId,
                SenderId = senderId,
                SenderName = senderName,
                Text = text,
                ClientMessageId = clientMessageId,
                CreatedAt = now,
                Attachments = attachments,
            },
            cancellationToken) ?? throw ChatErrors.ConversationNotFound();

        var message = result.Message;
        if (!result.Created)
        {
            // A replay must say the same thing as the first send; a tombstone has lost its text, so it answers any replay.
            if (!message.IsDeleted && (message.Text != text || !SameFiles(message.Attachments, attachments)))
            {
                throw new ChatException(ChatErrorKind.Conflict, ChatErrorCodes.IdempotencyConflict,
                    "This clientMessageId was already used for a message with different text or files.");
            }

            metrics.MessageReplayed();
            ChatLog.MessageReplayed(logger, conversationId, clientMessageId!, message.Id);
            return new SendResult(message, Created: false);
        }

        metrics.MessageSent();
        ChatLog.MessageSent(logger, conversationId, message.Id, message.Seq);
        await notifier.NotifyAsync(conversationId, cancellationToken);
        return new SendResult(message, Created: true);
    }

    private static bool SameFiles(MessageAttachments stored, MessageAttachments sent) =>
        stored.Select(static file => file.FileId).SequenceEqual(sent.Select(static file => file.FileId), StringComparer.Ordinal);

    private async ValueTask AnnounceChangeAsync(Message before, Message after, string change, CancellationToken cancellationToken)
    {
        if (after.ChangeSeq == before.ChangeSeq)
        {
            return;
        }

        metrics.MessageChanged();
        ChatLog.MessageChanged(logger, after.ConversationId, after.Id, after.ChangeSeq, change);
        await notifier.NotifyAsync(after.ConversationId, cancellationToken);
    }

    private async ValueTask<Message> FindMessageAsync(string conversationId, string messageId, CancellationToken cancellationToken) =>
        await store.FindMessageAsync(conversationId, messageId, cancellationToken) ?? throw ChatErrors.MessageNotFound();
}
