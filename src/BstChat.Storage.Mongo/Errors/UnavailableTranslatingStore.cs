using BstChat.Storage.Mongo.Diagnostics;
using Microsoft.Extensions.Logging;

namespace BstChat.Storage.Mongo.Errors;

/// <summary>
/// What the host resolves as <see cref="IMessageStore"/>: the MongoDB store, with the driver's
/// transient failures (no server, timeouts, elections) turned into
/// <see cref="ChatStoreUnavailableException"/> so the HTTP layer answers 503.
/// </summary>
internal sealed class UnavailableTranslatingStore(MongoMessageStore inner, ILogger<MongoMessageStore> logger) : IMessageStore
{
    public ValueTask<Conversation> CreateConversationAsync(Conversation conversation, CancellationToken cancellationToken) =>
        Translate(nameof(CreateConversationAsync), () => inner.CreateConversationAsync(conversation, cancellationToken));

    public ValueTask<Conversation?> FindConversationAsync(string conversationId, CancellationToken cancellationToken) =>
        Translate(nameof(FindConversationAsync), () => inner.FindConversationAsync(conversationId, cancellationToken));

    public ValueTask<Member?> UpsertMemberAsync(Member member, CancellationToken cancellationToken) =>
        Translate(nameof(UpsertMemberAsync), () => inner.UpsertMemberAsync(member, cancellationToken));

    public ValueTask<bool> RemoveMemberAsync(string conversationId, string userId, CancellationToken cancellationToken) =>
        Translate(nameof(RemoveMemberAsync), () => inner.RemoveMemberAsync(conversationId, userId, cancellationToken));

    public ValueTask<IReadOnlyList<Member>> GetMembersAsync(string conversationId, CancellationToken cancellationToken) =>
        Translate(nameof(GetMembersAsync), () => inner.GetMembersAsync(conversationId, cancellationToken));

    public ValueTask<AppendResult?> AppendMessageAsync(NewMessage message, CancellationToken cancellationToken) =>
        Translate(nameof(AppendMessageAsync), () => inner.AppendMessageAsync(message, cancellationToken));

    public ValueTask<Message?> FindMessageAsync(string conversationId, string messageId, CancellationToken cancellationToken) =>
        Translate(nameof(FindMessageAsync), () => inner.FindMessageAsync(conversationId, messageId, cancellationToken));

    public ValueTask<Message?> UpdateMessageAsync(MessageUpdate update, CancellationToken cancellationToken) =>
        Translate(nameof(UpdateMessageAsync), () => inner.UpdateMessageAsync(update, cancellationToken));

    public ValueTask<HistoryPage> GetHistoryAsync(string conversationId, long? beforeSeq, int limit, CancellationToken cancellationToken) =>
        Translate(nameof(GetHistoryAsync), () => inner.GetHistoryAsync(conversationId, beforeSeq, limit, cancellationToken));

    public ValueTask<IReadOnlyList<Message>> GetChangesAsync(string conversationId, long afterSeq, int limit, CancellationToken cancellationToken) =>
        Translate(nameof(GetChangesAsync), () => inner.GetChangesAsync(conversationId, afterSeq, limit, cancellationToken));

    public ValueTask<long?> AdvanceReadMarkerAsync(string conversationId, string userId, long seq, CancellationToken cancellationToken) =>
        Translate(nameof(AdvanceReadMarkerAsync), () => inner.AdvanceReadMarkerAsync(conversationId, userId, seq, cancellationToken));

    public ValueTask<IReadOnlyList<InboxEntry>> GetInboxAsync(string userId, int limit, CancellationToken cancellationToken) =>
        Translate(nameof(GetInboxAsync), () => inner.GetInboxAsync(userId, limit, cancellationToken));

    public ValueTask<IReadOnlyList<MessageRevision>> GetRevisionsAsync(string conversationId, string messageId, CancellationToken cancellationToken) =>
        Translate(nameof(GetRevisionsAsync), () => inner.GetRevisionsAsync(conversationId, messageId, cancellationToken));

    private async ValueTask<T> Translate<T>(string operation, Func<ValueTask<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (MongoErrors.IsTransient(e))
        {
            MongoStoreLog.Unavailable(logger, operation, e);
            throw new ChatStoreUnavailableException($"The MongoDB store is unavailable ({operation}).", e);
        }
    }
}
