using BstChat.Diagnostics;
using BstChat.Feed;
using BstChat.Storage;
using BstChat.Typing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BstChat.Services;

/// <summary>The rules of chat over any store: validation, membership, authorship, notification and waiting.</summary>
internal sealed class ChatService(
    IServiceProvider services,
    IChatNotifier notifier,
    ITypingTracker typingTracker,
    WaitLimiter waitLimiter,
    ConversationHeadCache heads,
    ChatMetrics metrics,
    IOptions<BstChatOptions> options,
    TimeProvider timeProvider,
    ILogger<ChatService> logger,
    IHostApplicationLifetime? lifetime = null) : IChatService
{
    /// <summary>The shortest pause between two reads of a waiting request.</summary>
    private static readonly TimeSpan MinimumWake = TimeSpan.FromMilliseconds(50);

    private IMessageStore? _store;
    private Func<IMessageStore>? _storeOnDemand;

    private BstChatOptions Options => options.Value;

    /// <summary>
    /// The store, resolved on first use: a long-poll answered from a shared read never needs one,
    /// and an EF Core store's initialized DbContext is most of what a held request would keep (see docs/performance.md).
    /// </summary>
    private IMessageStore Store => _store ??= services.GetRequiredService<IMessageStore>();

    /// <summary>Hands the store to a shared read only if this request is the one that has to run it.</summary>
    private Func<IMessageStore> StoreOnDemand => _storeOnDemand ??= () => Store;

    public async ValueTask<Conversation> CreateConversationAsync(string conversationId, string title, CancellationToken cancellationToken)
    {
        ChatValidation.ConversationId(conversationId);
        ChatValidation.Name(title, "title");
        var now = timeProvider.GetUtcNow();
        var conversation = await Store.CreateConversationAsync(
            new Conversation { Id = conversationId, Title = title, CreatedAt = now, LastChangeAt = now },
            cancellationToken);
        // The store hands back an existing conversation unchanged; only a new one carries our timestamp.
        if (conversation.CreatedAt == now && conversation.Title == title)
        {
            ChatLog.ConversationCreated(logger, conversationId);
        }

        return conversation;
    }

    public async ValueTask<ConversationDetails?> FindConversationAsync(string conversationId, CancellationToken cancellationToken)
    {
        ChatValidation.ConversationId(conversationId);
        var conversation = await Store.FindConversationAsync(conversationId, cancellationToken);
        return conversation is null
            ? null
            : new ConversationDetails(conversation, await Store.GetMembersAsync(conversationId, cancellationToken));
    }

    public async ValueTask<Member> AddMemberAsync(string conversationId, ChatUser user, MemberRole role, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ChatValidation.ConversationId(conversationId);
        ChatValidation.UserId(user.Id);
        ChatValidation.Name(user.DisplayName, "display name");
        if (!Enum.IsDefined(role))
        {
            throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown member role.");
        }

        var member = await Store.UpsertMemberAsync(
            new Member
            {
                ConversationId = conversationId,
                UserId = user.Id,
                DisplayName = user.DisplayName,
                Role = role,
                JoinedAt = timeProvider.GetUtcNow(),
            },
            cancellationToken) ?? throw ConversationNotFound();
        ChatLog.MemberAdded(logger, conversationId, user.Id, role);
        await notifier.NotifyAsync(conversationId, cancellationToken);
        return member;
    }

    public async ValueTask<bool> RemoveMemberAsync(string conversationId, string userId, CancellationToken cancellationToken)
    {
        ChatValidation.ConversationId(conversationId);
        ChatValidation.UserId(userId);
        var removed = await Store.RemoveMemberAsync(conversationId, userId, cancellationToken);
        if (removed)
        {
            ChatLog.MemberRemoved(logger, conversationId, userId);
            await typingTracker.ClearAsync(conversationId, userId, cancellationToken);
            await notifier.NotifyAsync(conversationId, cancellationToken);
        }

        return removed;
    }

    public async ValueTask<SendResult> SendSystemMessageAsync(string conversationId, string text, string? clientMessageId, CancellationToken cancellationToken)
    {
        ChatValidation.ConversationId(conversationId);
        return await AppendAsync(conversationId, senderId: "", senderName: "", text, clientMessageId, cancellationToken);
    }

    public async ValueTask<ConversationDetails> GetConversationAsync(string conversationId, string userId, CancellationToken cancellationToken)
    {
        ChatValidation.ConversationId(conversationId);
        // Membership first: a non-member costs the same one read whether the conversation exists or not.
        var members = await Store.GetMembersAsync(conversationId, cancellationToken);
        _ = FindMember(members, userId) ?? throw ConversationNotFound();
        var conversation = await Store.FindConversationAsync(conversationId, cancellationToken) ?? throw ConversationNotFound();
        return new ConversationDetails(conversation, members);
    }

    public async ValueTask<SendResult> SendAsync(string conversationId, string userId, string text, string? clientMessageId, CancellationToken cancellationToken)
    {
        ChatValidation.ConversationId(conversationId);
        var member = await RequireMemberAsync(conversationId, userId, cancellationToken);
        var result = await AppendAsync(conversationId, userId, member.DisplayName, text, clientMessageId, cancellationToken);
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

        var edited = await Store.UpdateMessageAsync(
            new MessageUpdate { ConversationId = conversationId, MessageId = messageId, NewText = text, At = timeProvider.GetUtcNow(), ChangedBy = userId },
            cancellationToken) ?? throw MessageNotFound();
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

        var deleted = await Store.UpdateMessageAsync(
            new MessageUpdate { ConversationId = conversationId, MessageId = messageId, NewText = null, At = timeProvider.GetUtcNow(), ChangedBy = userId },
            cancellationToken) ?? throw MessageNotFound();
        await AnnounceChangeAsync(message, deleted, "delete", cancellationToken);
        return deleted;
    }

    public async ValueTask<HistoryPage> GetHistoryAsync(string conversationId, string userId, long? beforeSeq, int? limit, CancellationToken cancellationToken)
    {
        ChatValidation.ConversationId(conversationId);
        if (beforeSeq is < 1)
        {
            throw ChatValidation.Invalid(ChatErrorCodes.InvalidBefore, "'before' is a sequence number from 1 up.");
        }

        if (limit is { } l && (l < 1 || l > Options.MaxPageSize))
        {
            throw ChatValidation.Invalid(ChatErrorCodes.InvalidLimit, $"'limit' is from 1 to {Options.MaxPageSize}.");
        }

        await RequireMemberAsync(conversationId, userId, cancellationToken);
        return await Store.GetHistoryAsync(conversationId, beforeSeq, limit ?? Options.DefaultPageSize, cancellationToken);
    }

    public async ValueTask<ChangeSet> GetChangesAsync(string conversationId, string userId, ChatCursor? cursor, TimeSpan wait, CancellationToken cancellationToken)
    {
        ChatValidation.ConversationId(conversationId);
        if (wait < TimeSpan.Zero)
        {
            throw ChatValidation.Invalid(ChatErrorCodes.InvalidWait, "'wait' is a number of seconds from 0 up.");
        }

        if (cursor is not { } from || wait == TimeSpan.Zero)
        {
            // Nothing to wait for: no subscription, no waiting slot, one (usually shared) read.
            var current = await ReadChangesAsync(conversationId, userId, cursor?.Seq, heads.Ticket(), cancellationToken);
            metrics.ChangesAnswered();
            return current.Set;
        }

        var deadline = timeProvider.GetUtcNow() + (wait < Options.MaxWait ? wait : Options.MaxWait);
        var answer = await WaitForChangeAsync(conversationId, userId, from, deadline, cancellationToken);
        metrics.ChangesAnswered();
        return answer;
    }

    public async ValueTask SetTypingAsync(string conversationId, string userId, CancellationToken cancellationToken)
    {
        ChatValidation.ConversationId(conversationId);
        var member = await RequireMemberAsync(conversationId, userId, cancellationToken);
        await typingTracker.SetTypingAsync(conversationId, new TypingUser(userId, member.DisplayName), cancellationToken);
        await notifier.NotifyAsync(conversationId, cancellationToken);
    }

    public async ValueTask<long> MarkReadAsync(string conversationId, string userId, long seq, CancellationToken cancellationToken)
    {
        ChatValidation.ConversationId(conversationId);
        var member = await RequireMemberAsync(conversationId, userId, cancellationToken);
        var conversation = await Store.FindConversationAsync(conversationId, cancellationToken) ?? throw ConversationNotFound();
        if (seq < 0 || seq > conversation.LastSeq)
        {
            throw ChatValidation.Invalid(ChatErrorCodes.InvalidReadSeq,
                $"'seq' is from 0 to the conversation's last sequence number ({conversation.LastSeq}).");
        }

        var marker = await Store.AdvanceReadMarkerAsync(conversationId, userId, seq, cancellationToken) ?? throw ConversationNotFound();
        if (marker != member.LastReadSeq)
        {
            await notifier.NotifyAsync(conversationId, cancellationToken);
        }

        return marker;
    }

    public async ValueTask<InboxPage> GetInboxAsync(string userId, CancellationToken cancellationToken)
    {
        ChatValidation.UserId(userId);
        var max = Options.MaxInboxConversations;
        // One entry more than shown tells whether there are more.
        var entries = await Store.GetInboxAsync(userId, max + 1, cancellationToken);
        return entries.Count > max ? new InboxPage([.. entries.Take(max)], HasMore: true) : new InboxPage(entries, HasMore: false);
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
        return await Store.GetRevisionsAsync(conversationId, messageId, cancellationToken);
    }

    public async ValueTask<IReadOnlyList<MessageRevision>> GetRevisionsAsync(string conversationId, string messageId, CancellationToken cancellationToken)
    {
        ChatValidation.ConversationId(conversationId);
        ChatValidation.MessageId(messageId);
        return await Store.GetRevisionsAsync(conversationId, messageId, cancellationToken);
    }

    private async ValueTask<ChangeSet> WaitForChangeAsync(string conversationId, string userId, ChatCursor from, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var stopping = lifetime?.ApplicationStopping ?? CancellationToken.None;
        using var waitEnds = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping);

        // Subscribe before every read, so a change between the read and the wait still wakes us.
        var subscription = notifier.Subscribe(conversationId);
        WaitLimiter.Lease? lease = null;
        try
        {
            var (answer, validUntil) = await ReadChangesAsync(conversationId, userId, from.Seq, heads.Ticket(), cancellationToken);
            while (answer.Messages.Count == 0 && answer.Cursor == from && timeProvider.GetUtcNow() < deadline)
            {
                // Only a request that really waits takes one of the user's waiting slots.
                lease ??= AcquireWaitSlot(userId);
                try
                {
                    await subscription.WaitAsync(WakeAfter(deadline, validUntil), waitEnds.Token);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    ChatLog.WaitEndedByShutdown(logger, conversationId);
                    return answer;
                }

                subscription.Dispose();
                subscription = notifier.Subscribe(conversationId);
                (answer, validUntil) = await ReadChangesAsync(conversationId, userId, from.Seq, heads.Ticket(), cancellationToken);
            }

            return answer;
        }
        finally
        {
            subscription.Dispose();
            if (lease is not null)
            {
                lease.Dispose();
                metrics.WaitEnded();
            }
        }
    }

    private WaitLimiter.Lease AcquireWaitSlot(string userId)
    {
        if (waitLimiter.TryAcquire(userId, out var refusal) is { } lease)
        {
            metrics.WaitStarted();
            return lease;
        }

        metrics.WaitRefused();
        if (refusal == WaitLimiter.Refusal.Total)
        {
            ChatLog.WaitRefusedInTotal(logger, Options.MaxConcurrentWaits);
            // The server is full rather than this user greedy: spread the retries over a quiet poll interval.
            throw new ChatException(ChatErrorKind.RateLimited, ChatErrorCodes.TooManyWaitsInTotal,
                "The server holds as many waiting requests as it allows; poll again later.")
            {
                RetryAfter = Options.QuietPollInterval,
            };
        }

        ChatLog.WaitRefused(logger, userId, Options.MaxConcurrentWaitsPerUser);
        throw new ChatException(ChatErrorKind.RateLimited, ChatErrorCodes.TooManyWaits,
            $"This user already holds {Options.MaxConcurrentWaitsPerUser} waiting requests.")
        {
            RetryAfter = Options.BusyPollInterval,
        };
    }

    /// <summary>How long to wait before reading again: until the deadline, or until the read answered from goes stale.</summary>
    private TimeSpan WakeAfter(DateTimeOffset deadline, DateTimeOffset validUntil)
    {
        // The read goes stale at the re-check or at a typing entry's expiry, whose disappearance is a change the reader must see.
        var until = validUntil < deadline ? validUntil : deadline;

        // The typing entry may have expired since it was read (a negative timeout would throw, or
        // at -1 ms wait forever), and a shared typing tracker on another clock may show it a little
        // longer: a short floor keeps either case from spinning.
        var timeout = until - timeProvider.GetUtcNow();
        if (timeout < MinimumWake)
        {
            timeout = MinimumWake;
        }

        return timeout > Options.RecheckInterval ? Options.RecheckInterval : timeout;
    }

    private async ValueTask<ChangeAnswer> ReadChangesAsync(string conversationId, string userId, long? afterSeq, long ticket, CancellationToken cancellationToken)
    {
        var read = await heads.GetAsync(conversationId, ticket, onlyLater: false, StoreOnDemand, typingTracker, cancellationToken);
        if (!read.BeganAfter(ticket) && !Answerable(read.Head, userId, afterSeq))
        {
            // A shared read older than this request may predate a change made on an instance without a
            // backplane (a new member, a cursor from there): only a read of our own may refuse the request.
            read = await heads.GetAsync(conversationId, ticket, onlyLater: true, StoreOnDemand, typingTracker, cancellationToken);
        }

        var head = read.Head;
        if (head is null || !head.IsMember(userId))
        {
            throw ConversationNotFound();
        }

        var conversation = head.Conversation;
        if (afterSeq > conversation.LastSeq)
        {
            throw ChatValidation.Invalid(ChatErrorCodes.InvalidCursor, "The cursor is ahead of the conversation; start again without one.");
        }

        var limit = Options.MaxPageSize;
        var messages = afterSeq is { } after && after < conversation.LastSeq
            ? await heads.GetChangesAsync(read, after, Store, cancellationToken)
            : [];
        var typing = head.Typing;
        var seenUpTo = messages.Count > 0 ? messages[^1].ChangeSeq : afterSeq ?? conversation.LastSeq;
        var hasMore = messages.Count == limit;
        var busy = typing.Users.Count > 0 || timeProvider.GetUtcNow() - conversation.LastChangeAt < Options.BusyWindow;
        var set = new ChangeSet
        {
            Cursor = new ChatCursor(seenUpTo, head.StateHash),
            Messages = messages,
            HasMore = hasMore,
            Typing = typing.Users,
            ReadMarkers = head.ReadMarkers,
            PollAfter = hasMore ? TimeSpan.Zero : busy ? Options.BusyPollInterval : Options.QuietPollInterval,
        };
        return new ChangeAnswer(set, head.ValidUntil);
    }

    /// <summary>Whether a head lets this reader be answered rather than refused (unknown conversation, not a member, cursor ahead).</summary>
    private static bool Answerable(ConversationHead? head, string userId, long? afterSeq) =>
        head is not null && head.IsMember(userId) && !(afterSeq > head.Conversation.LastSeq);

    private async ValueTask<SendResult> AppendAsync(string conversationId, string senderId, string senderName, string text, string? clientMessageId, CancellationToken cancellationToken)
    {
        ChatValidation.Text(text, Options.MaxMessageLength);
        ChatValidation.ClientMessageId(clientMessageId);
        var now = timeProvider.GetUtcNow();
        var result = await Store.AppendMessageAsync(
            new NewMessage
            {
                Id = Guid.CreateVersion7(now).ToString("N"),
                ConversationId = conversationId,
                SenderId = senderId,
                SenderName = senderName,
                Text = text,
                ClientMessageId = clientMessageId,
                CreatedAt = now,
            },
            cancellationToken) ?? throw ConversationNotFound();

        var message = result.Message;
        if (!result.Created)
        {
            // A replay must say the same thing as the first send; a tombstone has lost its text, so it answers any replay.
            if (!message.IsDeleted && message.Text != text)
            {
                throw new ChatException(ChatErrorKind.Conflict, ChatErrorCodes.IdempotencyConflict,
                    "This clientMessageId was already used for a message with different text.");
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

    private async ValueTask<Member> RequireMemberAsync(string conversationId, string userId, CancellationToken cancellationToken)
    {
        var members = await Store.GetMembersAsync(conversationId, cancellationToken);
        return FindMember(members, userId) ?? throw ConversationNotFound();
    }

    private async ValueTask<Message> FindMessageAsync(string conversationId, string messageId, CancellationToken cancellationToken) =>
        await Store.FindMessageAsync(conversationId, messageId, cancellationToken) ?? throw MessageNotFound();

    private static Member? FindMember(IReadOnlyList<Member> members, string userId)
    {
        foreach (var member in members)
        {
            if (member.UserId == userId)
            {
                return member;
            }
        }

        return null;
    }

    private static ChatException ConversationNotFound() =>
        new(ChatErrorKind.NotFound, ChatErrorCodes.ConversationNotFound, "No such conversation, or you are not a member of it.");

    private static ChatException MessageNotFound() =>
        new(ChatErrorKind.NotFound, ChatErrorCodes.MessageNotFound, "No such message in this conversation.");

    /// <summary>A change set plus when the read it came from goes stale (re-check or typing expiry).</summary>
    private readonly record struct ChangeAnswer(ChangeSet Set, DateTimeOffset ValidUntil);
}
