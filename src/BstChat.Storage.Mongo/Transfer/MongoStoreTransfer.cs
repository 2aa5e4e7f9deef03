using BstChat.Storage.Mongo.Collections;
using BstChat.Storage.Mongo.Documents;
using BstChat.Storage.Mongo.Errors;
using BstChat.Storage.Mongo.GapFree;
using BstChat.Storage.Mongo.Queries;
using MongoDB.Driver;

namespace BstChat.Storage.Mongo.Transfer;

/// <summary>
/// Export and import for the MongoDB store. An imported message gets the change document of its
/// current change seq; when the conversation's row comes (last, with its LastSeq), every other
/// seq up to LastSeq gets a change document that carries no change (the seqs of superseded
/// changes), and both counters are set to LastSeq, so readers see the whole feed at once. A
/// message with a client message id also gets that id's send claim, so replays find it. Every
/// call runs through <see cref="StoreOperationRunner"/>, as the store's do.
/// </summary>
internal sealed class MongoStoreTransfer(ChatCollections collections, VisiblePrefix prefix, StoreOperationRunner runner) : IChatStoreImport
{
    /// <summary>The most seqs checked for a change document in one query.</summary>
    public const int SeqChunk = 5000;

    private static readonly ReplaceOptions Upsert = new() { IsUpsert = true };
    private static readonly BulkWriteOptions Unordered = new() { IsOrdered = false };

    public TimeSpan TimePrecision => TimeSpan.FromMilliseconds(1);

    public async ValueTask<ChatStoreCounts> CountAsync(CancellationToken cancellationToken) =>
        await runner.RunAsync("count", async ct => new ChatStoreCounts(
            await collections.Conversations.CountDocumentsAsync(FilterDefinition<ConversationDocument>.Empty, cancellationToken: ct),
            await collections.Members.CountDocumentsAsync(FilterDefinition<MemberDocument>.Empty, cancellationToken: ct),
            await collections.Messages.CountDocumentsAsync(FilterDefinition<MessageDocument>.Empty, cancellationToken: ct),
            await CountRevisionsAsync(ct)), cancellationToken);

    public async ValueTask<IReadOnlyList<MessageRevision>> ExportRevisionsAsync(string conversationId, long afterChangeSeq, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return await runner.RunAsync<IReadOnlyList<MessageRevision>>("export revisions", async ct =>
        {
            var rows = await collections.Messages
                .Aggregate(MessageQueries.RevisionsAfter(conversationId, afterChangeSeq, limit), cancellationToken: ct)
                .ToListAsync(ct);
            return [.. rows.Select(r => DocumentMapper.ToModel(conversationId, r.MessageId, r.Revision))];
        }, cancellationToken);
    }

    /// <summary>
    /// Writes each message's revisions into its document, replacing those at the same change seqs.
    /// Revisions live inside their message here, so their messages must be imported first, as the
    /// copier does; a revision of a message that is not there is refused rather than lost.
    /// </summary>
    public async ValueTask ImportRevisionsAsync(IReadOnlyList<MessageRevision> revisions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(revisions);
        await runner.RunAsync("import revisions", ct => WriteRevisionsAsync(revisions, ct), cancellationToken);
    }

    public async ValueTask<IReadOnlyList<Conversation>> ExportConversationsAsync(string? afterId, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return await runner.RunAsync<IReadOnlyList<Conversation>>("export conversations", async ct =>
        {
            var documents = await collections.Conversations
                .Find(TransferQueries.ConversationsAfter(afterId))
                .Sort(TransferQueries.ById)
                .Limit(limit)
                .ToListAsync(ct);
            var page = new List<Conversation>(documents.Count);
            foreach (var document in documents)
            {
                page.Add(DocumentMapper.ToModel(document, await prefix.HeadAsync(document, ct)));
            }

            return page;
        }, cancellationToken);
    }

    public async ValueTask<Conversation?> ExportConversationAsync(string conversationId, CancellationToken cancellationToken) =>
        await runner.RunAsync("export conversation", async ct =>
        {
            var document = await collections.Conversations.Find(ConversationQueries.ById(conversationId)).FirstOrDefaultAsync(ct);
            return document is null ? null : DocumentMapper.ToModel(document, await prefix.HeadAsync(document, ct));
        }, cancellationToken);

    public async ValueTask<IReadOnlyList<Member>> ExportMembersAsync(string conversationId, CancellationToken cancellationToken) =>
        await runner.RunAsync<IReadOnlyList<Member>>("export members", async ct =>
        {
            var members = await collections.Members.Find(MemberQueries.InConversation(conversationId)).ToListAsync(ct);
            return [.. members.Select(DocumentMapper.ToModel)];
        }, cancellationToken);

    public async ValueTask<IReadOnlyList<Message>> ExportMessagesAsync(string conversationId, long afterSeq, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return await runner.RunAsync<IReadOnlyList<Message>>("export messages", async ct =>
        {
            var messages = await collections.Messages
                .Find(TransferQueries.MessagesAfter(conversationId, afterSeq))
                .Sort(TransferQueries.BySeq)
                .Limit(limit)
                .ToListAsync(ct);
            return [.. messages.Select(DocumentMapper.ToModel)];
        }, cancellationToken);
    }

    public async ValueTask ImportConversationAsync(Conversation conversation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        await runner.RunAsync("import conversation", async ct =>
        {
            await FillUnusedSeqsAsync(conversation.Id, conversation.LastSeq, ct);
            var document = DocumentMapper.ToImportedDocument(conversation);
            await collections.Conversations.ReplaceOneAsync(TransferQueries.ConversationById(document.Id), document, Upsert, ct);
        }, cancellationToken);
    }

    public async ValueTask ImportMembersAsync(string conversationId, IReadOnlyList<Member> members, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.FirstOrDefault(m => m.ConversationId != conversationId) is { } stray)
        {
            throw new ArgumentException($"Member {stray.UserId} belongs to {stray.ConversationId}, not {conversationId}.", nameof(members));
        }

        await runner.RunAsync("import members", ct => WriteMembersAsync(conversationId, members, ct), cancellationToken);
    }

    public async ValueTask ImportMessagesAsync(IReadOnlyList<Message> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
        {
            return;
        }

        await runner.RunAsync("import messages", ct => WriteMessagesAsync(messages, ct), cancellationToken);
    }

    private async Task WriteRevisionsAsync(IReadOnlyList<MessageRevision> revisions, CancellationToken cancellationToken)
    {
        foreach (var message in revisions.GroupBy(static r => (r.ConversationId, r.MessageId)))
        {
            var (conversationId, messageId) = message.Key;
            var changeSeqs = message.Select(static r => r.ChangeSeq).ToList();
            var filter = MessageQueries.ById(conversationId, messageId);
            var pulled = await collections.Messages.UpdateOneAsync(filter, MessageQueries.PullRevisions(changeSeqs), cancellationToken: cancellationToken);
            if (pulled.MatchedCount == 0)
            {
                throw new InvalidOperationException($"Revisions of message {messageId} in {conversationId} were imported before the message; import messages first.");
            }

            await collections.Messages.UpdateOneAsync(
                filter,
                MessageQueries.PushRevisions(message.OrderBy(static r => r.ChangeSeq).Select(DocumentMapper.ToDocument)),
                cancellationToken: cancellationToken);
        }
    }

    private async Task WriteMembersAsync(string conversationId, IReadOnlyList<Member> members, CancellationToken cancellationToken)
    {
        await collections.Members.DeleteManyAsync(TransferQueries.MembersOtherThan(conversationId, members.Select(m => m.UserId)), cancellationToken);
        if (members.Count == 0)
        {
            return;
        }

        var writes = members
            .Select(DocumentMapper.ToDocument)
            .Select(d => new ReplaceOneModel<MemberDocument>(TransferQueries.MemberById(d.Id), d) { IsUpsert = true })
            .ToList();
        await collections.Members.BulkWriteAsync(writes, Unordered, cancellationToken);
    }

    private async Task WriteMessagesAsync(IReadOnlyList<Message> messages, CancellationToken cancellationToken)
    {
        // Messages first, then their change documents: a change document never names a message that is not there.
        var documents = messages.Select(DocumentMapper.ToDocument).ToList();
        await collections.Messages.BulkWriteAsync(
            documents.Select(d => new UpdateOneModel<MessageDocument>(TransferQueries.MessageById(d.Id), TransferQueries.OverwriteKeepingRevisions(d)) { IsUpsert = true }),
            Unordered,
            cancellationToken);
        await collections.Changes.BulkWriteAsync(
            documents
                .Select(d => ChangeDocument.For(d.ConversationId, d.ChangeSeq, d.Id))
                .Select(c => new ReplaceOneModel<ChangeDocument>(TransferQueries.ChangeById(c.Id), c) { IsUpsert = true }),
            Unordered,
            cancellationToken);

        // A replay of an imported message's client message id must find it, as a replay of a sent one does.
        var claims = documents
            .Where(static d => d.ClientMessageId is not null)
            .Select(static d => DocumentMapper.ToImportedSendClaim(d))
            .Select(c => new ReplaceOneModel<SendClaimDocument>(TransferQueries.SendClaimById(c.Id), c) { IsUpsert = true })
            .ToList();
        if (claims.Count > 0)
        {
            await collections.SendClaims.BulkWriteAsync(claims, Unordered, cancellationToken);
        }
    }

    /// <summary>Gives every seq up to <paramref name="lastSeq"/> that has no change document one that carries no change.</summary>
    private async Task FillUnusedSeqsAsync(string conversationId, long lastSeq, CancellationToken cancellationToken)
    {
        for (long from = 0; from < lastSeq; from += SeqChunk)
        {
            var upTo = Math.Min(from + SeqChunk, lastSeq);
            var present = (await collections.Changes
                .Find(ChangeQueries.Range(conversationId, from, upTo))
                .Project<ChangeDocument>(ChangeQueries.SeqOnly)
                .ToListAsync(cancellationToken))
                .Select(c => c.Seq)
                .ToHashSet();
            var missing = new List<ChangeDocument>();
            for (var seq = from + 1; seq <= upTo; seq++)
            {
                if (!present.Contains(seq))
                {
                    missing.Add(ChangeDocument.For(conversationId, seq, messageId: null));
                }
            }

            if (missing.Count > 0)
            {
                await collections.Changes.InsertManyAsync(missing, new InsertManyOptions { IsOrdered = false }, cancellationToken);
            }
        }
    }

    private async Task<long> CountRevisionsAsync(CancellationToken cancellationToken)
    {
        var total = await collections.Messages.Aggregate(MessageQueries.RevisionCount, cancellationToken: cancellationToken).FirstOrDefaultAsync(cancellationToken);
        return total is null ? 0 : total["count"].ToInt64();
    }
}
