using BstChat.Storage;
using BstChat.Storage.InMemory;

namespace BstChat.Core.Tests;

/// <summary>An in-memory store that counts the reads a change-feed request makes of the conversation row.</summary>
internal sealed class CountingMessageStore : IMessageStore
{
    private readonly InMemoryMessageStore _inner = new();
    private int _conversationReads;

    /// <summary>Calls of <see cref="FindConversationAsync"/> so far.</summary>
    public int ConversationReads => Volatile.Read(ref _conversationReads);

    public ValueTask<Conversation?> FindConversationAsync(string conversationId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _conversationReads);
        return _inner.FindConversationAsync(conversationId, cancellationToken);
    }

    public ValueTask<Conversation> CreateConversationAsync(Conversation conversation, CancellationToken cancellationToken) =>
        _inner.CreateConversationAsync(conversation, cancellationToken);

    public ValueTask<Member?> UpsertMemberAsync(Member member, CancellationToken cancellationToken) => _inner.UpsertMemberAsync(member, cancellationToken);

    public ValueTask<bool> RemoveMemberAsync(string conversationId, string userId, CancellationToken cancellationToken) =>
        _inner.RemoveMemberAsync(conversationId, userId, cancellationToken);

    public ValueTask<IReadOnlyList<Member>> GetMembersAsync(string conversationId, CancellationToken cancellationToken) =>
        _inner.GetMembersAsync(conversationId, cancellationToken);

    public ValueTask<AppendResult?> AppendMessageAsync(NewMessage message, CancellationToken cancellationToken) =>
        _inner.AppendMessageAsync(message, cancellationToken);

    public ValueTask<Message?> FindMessageAsync(string conversationId, string messageId, CancellationToken cancellationToken) =>
        _inner.FindMessageAsync(conversationId, messageId, cancellationToken);

    public ValueTask<Message?> UpdateMessageAsync(MessageUpdate update, CancellationToken cancellationToken) =>
        _inner.UpdateMessageAsync(update, cancellationToken);

    public ValueTask<HistoryPage> GetHistoryAsync(string conversationId, long? beforeSeq, int limit, CancellationToken cancellationToken) =>
        _inner.GetHistoryAsync(conversationId, beforeSeq, limit, cancellationToken);

    public ValueTask<IReadOnlyList<Message>> GetChangesAsync(string conversationId, long afterSeq, int limit, CancellationToken cancellationToken) =>
        _inner.GetChangesAsync(conversationId, afterSeq, limit, cancellationToken);

    public ValueTask<long?> AdvanceReadMarkerAsync(string conversationId, string userId, long seq, CancellationToken cancellationToken) =>
        _inner.AdvanceReadMarkerAsync(conversationId, userId, seq, cancellationToken);

    public ValueTask<IReadOnlyList<InboxEntry>> GetInboxAsync(string userId, CancellationToken cancellationToken) =>
        _inner.GetInboxAsync(userId, cancellationToken);
}
