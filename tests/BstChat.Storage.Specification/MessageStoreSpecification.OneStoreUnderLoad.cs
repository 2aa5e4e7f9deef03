using System.Collections.Concurrent;
using Xunit;

namespace BstChat.Storage.Specification;

// Many callers on one store instance at once, as a host's singleton store is used: a store that
// batches writes (group commit) must answer each caller as if its write had run alone.
public abstract partial class MessageStoreSpecification
{
    private const int CallersOnOneStore = 32;

    // Callers that share a sender: each (sender, round) client message id is sent by this many callers at once.
    private const int CallersPerSender = 4;

    /// <summary>
    /// 32 callers on one store send at once, into one conversation or spread over several; every
    /// client message id is sent by four of them at once (a client retrying on several connections),
    /// and half the callers also send messages without one.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public async Task Concurrent_sends_and_replays_on_one_store_are_each_stored_once_with_gap_free_seqs_and_answered_as_stored(int conversations)
    {
        var store = CreateStore();
        var ids = new List<string>();
        for (var i = 0; i < conversations; i++)
        {
            ids.Add((await CreateConversationAsync(store)).Id);
        }

        var rounds = Math.Max(2, WritesPerWriter / 10);
        var answers = await RunOnOneStoreAsync(CallersOnOneStore, async caller =>
        {
            var senderIndex = caller % (CallersOnOneStore / CallersPerSender);
            var sender = $"sender{senderIndex}";
            var mine = new List<(NewMessage Draft, AppendResult Result)>();
            for (var round = 0; round < rounds; round++)
            {
                // A sender's callers send each round into the same conversation, with the same client message id.
                var id = ids[(round + senderIndex) % ids.Count];
                var withClientId = Draft(id, sender, $"{sender} round {round} by {caller}", clientMessageId: $"round-{round}");
                var sends = caller % 2 == 0 ? new[] { withClientId, Draft(id, sender, $"plain {caller}/{round}") } : [withClientId];
                foreach (var draft in sends)
                {
                    var result = await store.AppendMessageAsync(draft, Cancellation);
                    Assert.NotNull(result);
                    mine.Add((draft, result));
                }
            }

            return mine;
        });

        var all = answers.SelectMany(a => a).ToList();
        var stored = new Dictionary<string, Message>();
        foreach (var id in ids)
        {
            var history = await store.GetHistoryAsync(id, null, int.MaxValue, Cancellation);
            Assert.Equal(Seqs(1, history.Messages.Count), history.Messages.Select(m => m.Seq));
            Assert.Equal(history.Messages.Count, await LastSeqAsync(store, id));
            foreach (var message in history.Messages)
            {
                stored.Add(message.Id, message);
            }
        }

        // Every answer is what is stored, and every stored message was answered as created exactly once.
        Assert.All(all, a => Assert.Equal(stored[a.Result.Message.Id], a.Result.Message));
        Assert.Equal(stored.Keys.Order(), all.Where(a => a.Result.Created).Select(a => a.Result.Message.Id).Order());
        Assert.All(all.Where(a => a.Draft.ClientMessageId is null), a => Assert.True(a.Result.Created));

        // Each client message id was stored once, by the first of its copies, and every copy answers with it.
        var byKey = all.Where(a => a.Draft.ClientMessageId is not null)
            .GroupBy(a => (a.Draft.ConversationId, a.Draft.SenderId, a.Draft.ClientMessageId))
            .ToList();
        Assert.Equal(rounds * (CallersOnOneStore / CallersPerSender), byKey.Count);
        Assert.All(byKey, copies =>
        {
            var first = Assert.Single(copies, c => c.Result.Created);
            Assert.Equal(first.Draft.Id, first.Result.Message.Id);
            Assert.All(copies, c => Assert.Equal(first.Result.Message, c.Result.Message));
        });
        Assert.Equal(stored.Count, byKey.Count + all.Count(a => a.Draft.ClientMessageId is null));

        // One caller's sends follow one another, so into one conversation each takes a later seq.
        Assert.All(answers, mine => Assert.All(
            mine.Where(a => a.Result.Created).GroupBy(a => a.Draft.ConversationId),
            inOne => Assert.Equal(inOne.Select(a => a.Result.Message.Seq).Order(), inOne.Select(a => a.Result.Message.Seq))));
    }

    /// <summary>
    /// 32 callers on one store send, replay, edit and delete at once, in one conversation or
    /// several: each change takes one seq, the feed holds each message's last change once, and
    /// every caller's answer shows whether its write took effect.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task Concurrent_sends_replays_edits_and_deletes_on_one_store_take_each_seq_once_and_leave_each_message_once_in_the_feed(int conversations)
    {
        const int SharedPerConversation = 8;
        var store = CreateStore();
        var ids = new List<string>();
        var targets = new ConcurrentDictionary<string, ConcurrentQueue<string>>();
        var taken = new ConcurrentBag<Message>();
        for (var i = 0; i < conversations; i++)
        {
            var id = (await CreateConversationAsync(store)).Id;
            ids.Add(id);
            var shared = await SendManyAsync(store, id, SharedPerConversation);
            shared.ForEach(taken.Add);
            targets[id] = new ConcurrentQueue<string>(shared.Select(m => m.Id));
        }

        var clock = 0;
        var writesPerCaller = Math.Max(10, WritesPerWriter / 5);
        var replays = await RunOnOneStoreAsync(CallersOnOneStore, async caller =>
        {
            var random = new Random(caller);
            var sender = $"sender{caller % (CallersOnOneStore / CallersPerSender)}";
            var copies = new List<AppendResult>();
            for (var i = 0; i < writesPerCaller; i++)
            {
                // Every write has its own instant and text, so its answer shows whether it took effect.
                var at = Epoch.AddMilliseconds(Interlocked.Increment(ref clock));
                var id = ids[random.Next(ids.Count)];
                var roll = random.Next(10);
                if (roll < 5)
                {
                    // Callers of one sender share client message ids: these replay each other.
                    var clientMessageId = roll < 3 ? $"{id}/{i}" : null;
                    var result = await store.AppendMessageAsync(Draft(id, sender, $"sent {caller}/{i}", clientMessageId) with { CreatedAt = at }, Cancellation);
                    Assert.NotNull(result);
                    copies.Add(result);
                    if (result.Created)
                    {
                        taken.Add(result.Message);
                        targets[id].Enqueue(result.Message.Id);
                    }

                    continue;
                }

                var pool = targets[id].ToArray();
                var text = roll < 8 ? $"edit {caller}/{i}" : null;
                var after = await store.UpdateMessageAsync(
                    new MessageUpdate { ConversationId = id, MessageId = pool[random.Next(pool.Length)], NewText = text, At = at, ChangedBy = sender },
                    Cancellation);
                Assert.NotNull(after);
                if (text is null ? after.DeletedAt == at : after.Text == text && after.EditedAt == at)
                {
                    taken.Add(after);
                }
                else
                {
                    // Only a tombstone refuses a change.
                    Assert.True(after.IsDeleted);
                }
            }

            return copies;
        });

        // Copies of one client message id all name the one message stored for it.
        Assert.All(
            replays.SelectMany(r => r).Where(r => r.Message.ClientMessageId is not null).GroupBy(r => (r.Message.SenderId, r.Message.ClientMessageId)),
            copies => Assert.Single(copies.Select(c => c.Message.Id).Distinct()));
        foreach (var id in ids)
        {
            await AssertWritesAreTheFeedAsync(store, id, [.. taken.Where(m => m.ConversationId == id)]);
        }
    }

    /// <summary>Runs <paramref name="count"/> callers at once on one shared store, released together so their calls overlap.</summary>
    private static async Task<T[]> RunOnOneStoreAsync<T>(int count, Func<int, Task<T>> caller)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var callers = Task.WhenAll(Enumerable.Range(0, count).Select(index => Task.Run(
            async () =>
            {
                await gate.Task;
                return await caller(index);
            },
            Cancellation)));
        gate.SetResult();
        return await callers.WaitAsync(ActorTimeout, Cancellation);
    }
}
