using System.Collections.Concurrent;
using BstChat.Storage;
using BstChat.Storage.InMemory;

namespace BstChat.Core.Tests;

/// <summary>An in-memory store that records which calls were made of it, in order.</summary>
internal sealed class CountingMessageStore : IMessageStore
{
    private readonly InMemoryMessageStore _inner = new();
    private readonly ConcurrentQueue<string> _calls = new();
    private int _conversationReads;

    /// <summary>Calls of <see cref="FindConversationAsync"/> so far.</summary>
    public int ConversationReads => Volatile.Read(ref _conversationReads);

    /// <summary>Every call so far, by method name, in the order they began.</summary>
    public IReadOnlyList<string> Calls => [.. _calls];

    public void ClearCalls() => _calls.Clear();

    public ValueTask<Conversation?> FindConversationAsync(string conversationId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _conversationReads);
        return Record(nameof(FindConversationAsync), _inner.FindConversationAsync(conversationId, cancellationToken));
    }

    public ValueTask<CreateConversationResult> CreateConversationAsync(Conversation conversation, CancellationToken cancellationToken) =>
        Record(nameof(CreateConversationAsync), _inner.CreateConversationAsync(conversation, cancellationToken));

    public ValueTask<Member?> UpsertMemberAsync(Member member, CancellationToken cancellationToken) =>
        Record(nameof(UpsertMemberAsync), _inner.UpsertMemberAsync(member, cancellationToken));

    public ValueTask<bool> RemoveMemberAsync(string conversationId, string userId, CancellationToken cancellationToken) =>
        Record(nameof(RemoveMemberAsync), _inner.RemoveMemberAsync(conversationId, userId, cancellationToken));

    public ValueTask<IReadOnlyList<Member>> GetMembersAsync(string conversationId, CancellationToken cancellationToken) =>
        Record(nameof(GetMembersAsync), _inner.GetMembersAsync(conversationId, cancellationToken));

    public ValueTask<AppendResult?> AppendMessageAsync(NewMessage message, CancellationToken cancellationToken) =>
        Record(nameof(AppendMessageAsync), _inner.AppendMessageAsync(message, cancellationToken));

    public ValueTask<Message?> FindMessageAsync(string conversationId, string messageId, CancellationToken cancellationToken) =>
        Record(nameof(FindMessageAsync), _inner.FindMessageAsync(conversationId, messageId, cancellationToken));

    public ValueTask<Message?> UpdateMessageAsync(MessageUpdate update, CancellationToken cancellationToken) =>
        Record(nameof(UpdateMessageAsync), _inner.UpdateMessageAsync(update, cancellationToken));

    public ValueTask<IReadOnlyList<MessageRevision>> GetRevisionsAsync(string conversationId, string messageId, CancellationToken cancellationToken) =>
        Record(nameof(GetRevisionsAsync), _inner.GetRevisionsAsync(conversationId, messageId, cancellationToken));

    public ValueTask<HistoryPage> GetHistoryAsync(string conversationId, long? beforeSeq, int limit, CancellationToken cancellationToken) =>
        Record(nameof(GetHistoryAsync), _inner.GetHistoryAsync(conversationId, beforeSeq, limit, cancellationToken));

    public ValueTask<IReadOnlyList<Message>> GetChangesAsync(string conversationId, long afterSeq, int limit, CancellationToken cancellationToken) =>
        Record(nameof(GetChangesAsync), _inner.GetChangesAsync(conversationId, afterSeq, limit, cancellationToken));

    public ValueTask<long?> AdvanceReadMarkerAsync(string conversationId, string userId, long seq, CancellationToken cancellationToken) =>
        Record(nameof(AdvanceReadMarkerAsync), _inner.AdvanceReadMarkerAsync(conversationId, userId, seq, cancellationToken));

    public ValueTask<IReadOnlyList<InboxEntry>> GetInboxAsync(string userId, int limit, CancellationToken cancellationToken) =>
        Record(nameof(GetInboxAsync), _inner.GetInboxAsync(userId, limit, cancellationToken));

    private ValueTask<T> Record<T>(string call, ValueTask<T> result)
    {
        _calls.Enqueue(call);
        return result;
    }
}
