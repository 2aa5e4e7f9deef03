using BstChat.Diagnostics;
using BstChat.Feed;
using BstChat.Presence;
using BstChat.Storage;
using BstChat.Typing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BstChat.Services;

/// <summary>
/// The rules of chat over any store: validation, membership, roles and authorship, then the
/// write and its notification. Reading the change feed, with its waiting, is <see cref="ChangeFeed"/>'s.
/// This file holds conversations, members and what members read; ChatService.Messages.cs holds
/// sending, editing and deleting messages and their record.
/// </summary>
internal sealed partial class ChatService(
    IMessageStore store,
    IChatNotifier notifier,
    ITypingTracker typingTracker,
    ChangeFeed feed,
    UserFeed userFeed,
    IPresenceTracker presence,
    ChatMetrics metrics,
    IOptions<BstChatOptions> options,
    TimeProvider timeProvider,
    ILogger<ChatService> logger,
    IChatFileCatalog? fileCatalog = null) : IChatService
{
    private BstChatOptions Options => options.Value;

    public async ValueTask<Conversation> CreateConversationAsync(string conversationId, string title, CancellationToken cancellationToken)
    {
        ChatValidation.ConversationId(conversationId);
        ChatValidation.Name(title, "title");
        var now = timeProvider.GetUtcNow();
        var (conversation, created) = await store.CreateConversationAsync(
            new Conversation { Id = conversationId, Title = title, CreatedAt = now, LastChangeAt = now },
            cancellationToken);
        if (created)
        {
            ChatLog.ConversationCreated(logger, conversationId);
        }

        return conversation;
    }

    public async ValueTask<ConversationDetails?> FindConversationAsync(string conversationId, CancellationToken cancellationToken)
    {
        ChatValidation.ConversationId(conversationId);
        var conversation = await store.FindConversationAsync(conversationId, cancellationToken);
        return conversation is null
            ? null
            : new ConversationDetails(conversation, await store.GetMembersAsync(conversationId, cancellationToken));
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

        // A host calls this on every start-up or booking: a member already as asked changes nothing, logs nothing and wakes nobody.
        var existing = await store.FindMemberAsync(conversationId, user.Id, cancellationToken);
        if (existing is not null && existing.Role == role && existing.DisplayName == user.DisplayName)
        {
            return existing;
        }

        var member = await store.UpsertMemberAsync(
            new Member
            {
                ConversationId = conversationId,
                UserId = user.Id,
                DisplayName = user.DisplayName,
                Role = role,
                JoinedAt = timeProvider.GetUtcNow(),
            },
            cancellationToken) ?? throw ChatErrors.ConversationNotFound();
        if (existing is null)
        {
            ChatLog.MemberAdded(logger, conversationId, user.Id, role);
        }
        else
        {
            ChatLog.MemberUpdated(logger, conversationId, user.Id, role);
        }

        await notifier.NotifyAsync(conversationId, cancellationToken);
        await notifier.NotifyAsync(WaitingRooms.UserKey(user.Id), cancellationToken);
        return member;
    }

    public async ValueTask<bool> RemoveMemberAsync(string conversationId, string userId, CancellationToken cancellationToken)
    {
        ChatValidation.ConversationId(conversationId);
        ChatValidation.UserId(userId);
        var removed = await store.RemoveMemberAsync(conversationId, userId, cancellationToken);
        if (removed)
        {
            ChatLog.MemberRemoved(logger, conversationId, userId);
            await typingTracker.ClearAsync(conversationId, userId, cancellationToken);
            await notifier.NotifyAsync(conversationId, cancellationToken);
            await notifier.NotifyAsync(WaitingRooms.UserKey(userId), cancellationToken);
        }

        return removed;
    }

    public async ValueTask<ConversationDetails> GetConversationAsync(string conversationId, string userId, CancellationToken cancellationToken)
    {
        ChatValidation.ConversationId(conversationId);
        // Membership first: a non-member costs the same one read whether the conversation exists or not.
        var members = await store.GetMembersAsync(conversationId, cancellationToken);
        _ = FindMember(members, userId) ?? throw ChatErrors.ConversationNotFound();
        var conversation = await store.FindConversationAsync(conversationId, cancellationToken) ?? throw ChatErrors.ConversationNotFound();
        if (!Options.Presence)
        {
            return new ConversationDetails(conversation, members);
        }

        var others = await presence.GetPresenceAsync([.. members.Where(m => m.UserId != userId).Select(static m => m.UserId)], cancellationToken);
        return new ConversationDetails(conversation, members) { Presence = others.Users };
    }

    public async ValueTask<HistoryPage> GetHistoryAsync(string conversationId, string userId, long? beforeSeq, int? limit, CancellationToken cancellationToken)
    {
        // The query's own arguments first, as the HTTP layer always checked them before the path's id.
        QueryRanges.Before(beforeSeq);
        QueryRanges.Limit(limit, Options.MaxPageSize);
        ChatValidation.ConversationId(conversationId);
        await RequireMemberAsync(conversationId, userId, cancellationToken);
        return await store.GetHistoryAsync(conversationId, beforeSeq, limit ?? Options.DefaultPageSize, cancellationToken);
    }

    public ValueTask<ChangeSet> GetChangesAsync(string conversationId, string userId, ChatCursor? cursor, TimeSpan wait, CancellationToken cancellationToken)
    {
        // Not async: a held request keeps every async frame above its wait alive for the whole wait.
        try
        {
            ChatValidation.ConversationId(conversationId);
            QueryRanges.Wait(wait);
        }
        catch (ChatException invalid)
        {
            return ValueTask.FromException<ChangeSet>(invalid);
        }

        return feed.GetChangesAsync(conversationId, userId, cursor, wait, cancellationToken);
    }

    public ValueTask<UserChangeSet> GetUserChangesAsync(string userId, UserCursor? cursor, TimeSpan wait, CancellationToken cancellationToken)
    {
        try
        {
            ChatValidation.UserId(userId);
            QueryRanges.Wait(wait);
        }
        catch (ChatException invalid)
        {
            return ValueTask.FromException<UserChangeSet>(invalid);
        }

        return userFeed.GetChangesAsync(userId, cursor, wait, cancellationToken);
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
        var conversation = await store.FindConversationAsync(conversationId, cancellationToken) ?? throw ChatErrors.ConversationNotFound();
        if (seq < 0 || seq > conversation.LastSeq)
        {
            throw ChatValidation.Invalid(ChatErrorCodes.InvalidReadSeq,
                $"'seq' is from 0 to the conversation's last sequence number ({conversation.LastSeq}).");
        }

        var marker = await store.AdvanceReadMarkerAsync(conversationId, userId, seq, cancellationToken) ?? throw ChatErrors.ConversationNotFound();
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
        var entries = await store.GetInboxAsync(userId, max + 1, cancellationToken);
        return entries.Count > max ? new InboxPage([.. entries.Take(max)], HasMore: true) : new InboxPage(entries, HasMore: false);
    }

    // One member's row, not the conversation's whole list: every send pays this read.
    private async ValueTask<Member> RequireMemberAsync(string conversationId, string userId, CancellationToken cancellationToken) =>
        await store.FindMemberAsync(conversationId, userId, cancellationToken) ?? throw ChatErrors.ConversationNotFound();

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
}
