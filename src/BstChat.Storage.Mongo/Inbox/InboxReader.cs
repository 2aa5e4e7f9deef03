using BstChat.Storage.Mongo.Collections;
using BstChat.Storage.Mongo.Documents;
using BstChat.Storage.Mongo.Queries;
using MongoDB.Driver;

namespace BstChat.Storage.Mongo.Inbox;

/// <summary>
/// Reads a user's inbox in two round trips (see <see cref="InboxQueries"/>), and a third only for
/// a conversation whose last <see cref="InboxRange.LastMessageWindow"/> seqs hold no message that
/// is not deleted. Counts stop at each conversation's visible watermark, so an entry's
/// <c>LastSeq</c>, unread count and last message agree with each other.
/// </summary>
internal sealed class InboxReader(ChatCollections collections)
{
    /// <param name="userId">The user.</param>
    /// <param name="limit">How many of the most recently changed conversations to read; the server picks them.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public async Task<IReadOnlyList<InboxEntry>> ReadAsync(string userId, int limit, CancellationToken cancellationToken)
    {
        var memberships = await collections.Members
            .Aggregate(InboxQueries.Memberships(userId, limit, collections.Names), cancellationToken: cancellationToken)
            .ToListAsync(cancellationToken);
        var ranges = memberships
            .Select(static m => new InboxRange(m.Conversation.Id, m.LastReadSeq, m.Conversation.VisibleSeq))
            .Where(static r => !r.IsEmpty)
            .ToList();
        var summaries = ranges.Count == 0
            ? []
            : (await collections.Messages
                .Aggregate(InboxQueries.Summaries(userId, ranges), cancellationToken: cancellationToken)
                .ToListAsync(cancellationToken))
                .ToDictionary(static s => s.ConversationId, StringComparer.Ordinal);
        var older = await FindOlderLastMessagesAsync(ranges.Where(r => !summaries.ContainsKey(r.ConversationId) && r.MayHaveOlderLastMessage), cancellationToken);

        return [.. memberships
            .Select(m =>
            {
                var id = m.Conversation.Id;
                var summary = summaries.GetValueOrDefault(id);
                var last = summary?.LastMessage ?? older.GetValueOrDefault(id);
                return new InboxEntry(
                    DocumentMapper.ToModel(m.Conversation, m.Conversation.VisibleSeq),
                    m.LastReadSeq,
                    summary?.UnreadCount ?? 0,
                    last is null ? null : DocumentMapper.ToModel(last));
            })
            .OrderByDescending(static e => e.Conversation.LastChangeAt)
            .ThenBy(static e => e.Conversation.Id, StringComparer.Ordinal)];
    }

    /// <summary>Looks before the range of the few conversations whose latest seqs hold only edits, deletes and tombstones.</summary>
    private async Task<Dictionary<string, MessageDocument>> FindOlderLastMessagesAsync(IEnumerable<InboxRange> ranges, CancellationToken cancellationToken)
    {
        var lookups = ranges.Select(async r => await collections.Messages
            .Find(InboxQueries.LiveAtOrBefore(r.ConversationId, r.After))
            .Sort(MessageQueries.NewestFirst)
            .Limit(1)
            .FirstOrDefaultAsync(cancellationToken));
        var found = await Task.WhenAll(lookups);
        return found.OfType<MessageDocument>().ToDictionary(static m => m.ConversationId, StringComparer.Ordinal);
    }
}
