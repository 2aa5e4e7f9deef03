using BstChat.Services;
using Microsoft.Extensions.Options;

namespace BstChat.Feed;

/// <summary>
/// One read of the change feed for one member, from the process's shared read where that is safe
/// (see <see cref="ConversationHeadCache"/>). Membership is checked on every read, against the head.
/// </summary>
internal sealed class ChangeReader(ConversationHeadCache heads, IOptions<BstChatOptions> options, TimeProvider timeProvider)
{
    /// <summary>Reads what changed after <paramref name="afterSeq"/>.</summary>
    /// <param name="conversationId">The conversation.</param>
    /// <param name="userId">The member reading.</param>
    /// <param name="afterSeq">The cursor's seq; <see langword="null"/> without a cursor.</param>
    /// <param name="ticket">The reader's ticket from <see cref="ConversationHeadCache.Ticket"/>, taken after it subscribed (or on arrival, when it does not wait).</param>
    /// <param name="cancellationToken">Cancels this reader's read.</param>
    /// <exception cref="ChatException">No such conversation or not a member (not found); a cursor ahead of the conversation (invalid).</exception>
    public async ValueTask<FeedAnswer> ReadAsync(string conversationId, string userId, long? afterSeq, long ticket, CancellationToken cancellationToken)
    {
        var read = await ReadHeadAsync(conversationId, userId, afterSeq, ticket, cancellationToken);
        var head = read.Head!;
        var messages = afterSeq is { } after && after < head.Conversation.LastSeq
            ? await heads.GetChangesAsync(read, after, cancellationToken)
            : [];
        return FeedAnswer.Of(head, afterSeq, messages, timeProvider.GetUtcNow(), options.Value);
    }

    /// <summary>Reads the head a member's answer comes from, with the same checks as <see cref="ReadAsync"/>; its <see cref="ConversationHeadCache.CachedRead.Head"/> is set.</summary>
    /// <inheritdoc cref="ReadAsync" path="/param"/>
    /// <inheritdoc cref="ReadAsync" path="/exception"/>
    public async ValueTask<ConversationHeadCache.CachedRead> ReadHeadAsync(string conversationId, string userId, long? afterSeq, long ticket, CancellationToken cancellationToken)
    {
        var read = await heads.GetAsync(conversationId, ticket, onlyLater: false, cancellationToken);
        if (!read.BeganAfter(ticket) && !Answerable(read.Head, userId, afterSeq))
        {
            // A shared read older than this request may predate a change made on an instance without a
            // backplane (a new member, a cursor from there): only a read of our own may refuse the request.
            read = await heads.GetAsync(conversationId, ticket, onlyLater: true, cancellationToken);
        }

        var head = read.Head;
        if (head is null || !head.IsMember(userId))
        {
            throw ChatErrors.ConversationNotFound();
        }

        if (afterSeq > head.Conversation.LastSeq)
        {
            throw ChatValidation.Invalid(ChatErrorCodes.InvalidCursor, "The cursor is ahead of the conversation; start again without one.");
        }

        return read;
    }

    /// <summary>Whether a head lets this reader be answered rather than refused (unknown conversation, not a member, cursor ahead).</summary>
    private static bool Answerable(ConversationHead? head, string userId, long? afterSeq) =>
        head is not null && head.IsMember(userId) && !(afterSeq > head.Conversation.LastSeq);
}
