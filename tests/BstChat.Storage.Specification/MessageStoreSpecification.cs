using Xunit;

namespace BstChat.Storage.Specification;

/// <summary>
/// The <see cref="IMessageStore"/> contract, as tests. A store's test project subclasses this
/// and supplies <see cref="CreateStore"/>; every test then runs against that store.
/// </summary>
/// <remarks>
/// <para>Tests use fresh conversation ids, and fresh user ids wherever they read an inbox, so one
/// database may serve the whole run.</para>
/// <para>The tests are split by topic into partial files: conversations, members, messages,
/// edits and deletes, history, the change feed, idempotency, read markers, the inbox and
/// concurrency. This file holds what they share.</para>
/// <para>The subclass owns the stores <see cref="CreateStore"/> returns and disposes them if they
/// need it (for instance when xunit disposes the test class).</para>
/// </remarks>
public abstract partial class MessageStoreSpecification
{
    // A hang guard only: a broken store can leave actors waiting forever; fail instead. The work
    // is bounded by count, and on a busy machine it has taken over 2 minutes, so the guard is far.
    private static readonly TimeSpan ActorTimeout = TimeSpan.FromMinutes(10);

    // Whole seconds from a fixed instant: every store keeps them exactly (MongoDB keeps only milliseconds).
    private static readonly DateTimeOffset Epoch = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Returns a store over the shared test data. Concurrent tests call it once per parallel
    /// actor (writer or reader); it may return the same instance each time (stores are
    /// singletons, safe to call concurrently) or a new one, as long as all see the same data.
    /// </summary>
    protected abstract IMessageStore CreateStore();

    /// <summary>
    /// How many messages each of the eight parallel writers sends in the concurrency tests;
    /// 250 by default, so 2,000 in all. Lower it only for a store whose every write is slow:
    /// fewer writes make races less likely to show.
    /// </summary>
    protected virtual int WritesPerWriter => 250;

    /// <summary>A conversation id unique to this test run.</summary>
    protected static string NewConversationId(string prefix = "spec") => $"{prefix}-{Guid.NewGuid():N}";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>A user id unique to this test run, for tests that read a user's whole inbox.</summary>
    private static string NewUserId(string name) => $"{name}-{Guid.NewGuid():N}";

    private static DateTimeOffset At(int second) => Epoch.AddSeconds(second);

    private static async Task<Conversation> CreateConversationAsync(IMessageStore store, string title = "Algebra", int createdAt = 0)
    {
        var at = At(createdAt);
        var result = await store.CreateConversationAsync(
            new Conversation { Id = NewConversationId(), Title = title, CreatedAt = at, LastChangeAt = at },
            Cancellation);
        Assert.True(result.Created);
        return result.Conversation;
    }

    private static async Task<Member> AddMemberAsync(IMessageStore store, string conversationId, string userId, int joinedAt = 0, MemberRole role = MemberRole.Member)
    {
        var member = await store.UpsertMemberAsync(
            new Member { ConversationId = conversationId, UserId = userId, DisplayName = $"{userId} name", Role = role, JoinedAt = At(joinedAt) },
            Cancellation);
        Assert.NotNull(member);
        return member;
    }

    private static NewMessage Draft(string conversationId, string senderId = "alice", string text = "hello", string? clientMessageId = null, int at = 1) =>
        new()
        {
            Id = Guid.NewGuid().ToString("N"),
            ConversationId = conversationId,
            SenderId = senderId,
            SenderName = $"{senderId} name",
            Text = text,
            ClientMessageId = clientMessageId,
            CreatedAt = At(at),
        };

    /// <summary>Appends a message that must be new.</summary>
    private static async Task<Message> SendAsync(IMessageStore store, NewMessage draft)
    {
        var result = await store.AppendMessageAsync(draft, Cancellation);
        Assert.NotNull(result);
        Assert.True(result.Created);
        return result.Message;
    }

    private static Task<Message> SendAsync(IMessageStore store, string conversationId, string senderId = "alice", string text = "hello", int at = 1) =>
        SendAsync(store, Draft(conversationId, senderId, text, at: at));

    /// <summary>Sends <paramref name="count"/> messages "m1", "m2", … from alice, one second apart.</summary>
    private static async Task<List<Message>> SendManyAsync(IMessageStore store, string conversationId, int count)
    {
        var sent = new List<Message>(count);
        for (var i = 1; i <= count; i++)
        {
            sent.Add(await SendAsync(store, conversationId, text: $"m{i}", at: i));
        }

        return sent;
    }

    private static async Task<Message?> EditAsync(IMessageStore store, string conversationId, string messageId, string text, int at, string by = "alice") =>
        await store.UpdateMessageAsync(
            new MessageUpdate { ConversationId = conversationId, MessageId = messageId, NewText = text, At = At(at), ChangedBy = by },
            Cancellation);

    private static async Task<Message?> DeleteAsync(IMessageStore store, string conversationId, string messageId, int at, string by = "alice") =>
        await store.UpdateMessageAsync(
            new MessageUpdate { ConversationId = conversationId, MessageId = messageId, NewText = null, At = At(at), ChangedBy = by },
            Cancellation);

    private static async Task<long> LastSeqAsync(IMessageStore store, string conversationId)
    {
        var conversation = await store.FindConversationAsync(conversationId, Cancellation);
        Assert.NotNull(conversation);
        return conversation.LastSeq;
    }

    /// <summary>Reads the whole change feed after <paramref name="afterSeq"/>, page by page.</summary>
    private static async Task<List<Message>> ReadFeedAsync(IMessageStore store, string conversationId, long afterSeq = 0, int pageSize = 100)
    {
        var feed = new List<Message>();
        while (true)
        {
            var page = await store.GetChangesAsync(conversationId, afterSeq, pageSize, Cancellation);
            feed.AddRange(page);
            if (page.Count < pageSize)
            {
                return feed;
            }

            afterSeq = page[^1].ChangeSeq;
        }
    }

    /// <summary>
    /// Runs <paramref name="count"/> actors at once, each with its own store from
    /// <see cref="CreateStore"/>, released together so their calls overlap.
    /// </summary>
    private async Task<T[]> RunActorsAsync<T>(int count, Func<int, IMessageStore, Task<T>> actor)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var actors = StartActors(count, gate.Task, actor);
        gate.SetResult();
        return await actors.WaitAsync(ActorTimeout, Cancellation);
    }

    /// <summary>Starts actors, each with its own store, that begin when <paramref name="gate"/> completes.</summary>
    private Task<T[]> StartActors<T>(int count, Task gate, Func<int, IMessageStore, Task<T>> actor)
    {
        // Stores are made here, one at a time: CreateStore itself need not be thread-safe.
        var stores = Enumerable.Range(0, count).Select(_ => CreateStore()).ToList();
        return Task.WhenAll(stores.Select((store, index) => Task.Run(
            async () =>
            {
                await gate;
                return await actor(index, store);
            },
            Cancellation)));
    }

    private static IEnumerable<long> Seqs(long first, long count)
    {
        for (var seq = first; seq < first + count; seq++)
        {
            yield return seq;
        }
    }
}
