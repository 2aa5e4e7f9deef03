using BstChat.Storage;
using BstChat.Storage.InMemory;

namespace BstChat.Core.Tests.Migration;

/// <summary>An in-memory store that keeps times to the millisecond, as MongoDB does.</summary>
internal sealed class MillisecondStore : IChatStoreImport
{
    private readonly InMemoryMessageStore _inner = new();

    public TimeSpan TimePrecision => TimeSpan.FromMilliseconds(1);

    public ValueTask<ChatStoreCounts> CountAsync(CancellationToken cancellationToken) => _inner.CountAsync(cancellationToken);

    public ValueTask<IReadOnlyList<Conversation>> ExportConversationsAsync(string? afterId, int limit, CancellationToken cancellationToken) =>
        _inner.ExportConversationsAsync(afterId, limit, cancellationToken);

    public ValueTask<Conversation?> ExportConversationAsync(string conversationId, CancellationToken cancellationToken) =>
        _inner.ExportConversationAsync(conversationId, cancellationToken);

    public ValueTask<IReadOnlyList<Member>> ExportMembersAsync(string conversationId, CancellationToken cancellationToken) =>
        _inner.ExportMembersAsync(conversationId, cancellationToken);

    public ValueTask<IReadOnlyList<Message>> ExportMessagesAsync(string conversationId, long afterSeq, int limit, CancellationToken cancellationToken) =>
        _inner.ExportMessagesAsync(conversationId, afterSeq, limit, cancellationToken);

    public ValueTask ImportConversationAsync(Conversation conversation, CancellationToken cancellationToken) =>
        _inner.ImportConversationAsync(conversation with { CreatedAt = Truncate(conversation.CreatedAt), LastChangeAt = Truncate(conversation.LastChangeAt) }, cancellationToken);

    public ValueTask ImportMembersAsync(string conversationId, IReadOnlyList<Member> members, CancellationToken cancellationToken) =>
        _inner.ImportMembersAsync(conversationId, [.. members.Select(m => m with { JoinedAt = Truncate(m.JoinedAt) })], cancellationToken);

    public ValueTask ImportMessagesAsync(IReadOnlyList<Message> messages, CancellationToken cancellationToken) =>
        _inner.ImportMessagesAsync(
            [.. messages.Select(m => m with
            {
                CreatedAt = Truncate(m.CreatedAt),
                EditedAt = m.EditedAt is { } edited ? Truncate(edited) : null,
                DeletedAt = m.DeletedAt is { } deleted ? Truncate(deleted) : null,
            })],
            cancellationToken);

    public ValueTask<IReadOnlyList<MessageRevision>> ExportRevisionsAsync(string conversationId, long afterChangeSeq, int limit, CancellationToken cancellationToken) =>
        _inner.ExportRevisionsAsync(conversationId, afterChangeSeq, limit, cancellationToken);

    public ValueTask ImportRevisionsAsync(IReadOnlyList<MessageRevision> revisions, CancellationToken cancellationToken) =>
        _inner.ImportRevisionsAsync([.. revisions.Select(r => r with { ChangedAt = Truncate(r.ChangedAt) })], cancellationToken);

    private static DateTimeOffset Truncate(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
}
