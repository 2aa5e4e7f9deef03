using Xunit;

namespace BstChat.Storage.Specification;

// The change-feed rule under load: parallel writers never share or skip a seq, and readers never see past a gap.
public abstract partial class MessageStoreSpecification
{
    private const int ParallelWriters = 8;

    [Fact]
    public async Task Parallel_writers_get_every_seq_exactly_once()
    {
        var id = (await CreateConversationAsync(CreateStore())).Id;
        var total = ParallelWriters * WritesPerWriter;

        var sentByWriter = await RunActorsAsync(ParallelWriters, (writer, store) => WriteManyAsync(store, id, writer));

        var sent = sentByWriter.SelectMany(messages => messages).ToList();
        Assert.Equal(Seqs(1, total), sent.Select(m => m.Seq).Order());
        Assert.All(sent, m => Assert.Equal(m.Seq, m.ChangeSeq));
        // One writer's sends are sequential, so each gets a later seq than the one before.
        Assert.All(sentByWriter, messages => Assert.Equal(messages.Select(m => m.Seq).Order(), messages.Select(m => m.Seq)));
        var reader = CreateStore();
        Assert.Equal(total, await LastSeqAsync(reader, id));
        Assert.Equal(sent.OrderBy(m => m.Seq), await ReadFeedAsync(reader, id));
    }

    [Fact]
    public async Task Readers_during_parallel_writes_only_ever_see_a_gap_free_prefix()
    {
        const int Readers = 4;
        const int BatchLimit = 50;
        var id = (await CreateConversationAsync(CreateStore())).Id;
        var total = ParallelWriters * WritesPerWriter;
        // Writes on a fast store can all land before a reader is scheduled. So writers wait for the
        // readers to run, and halfway through for a reader to have seen them part done.
        var readersToStart = Readers;
        var readersRunning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var partWayRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var writing = StartActors(ParallelWriters, readersRunning.Task, (writer, store) => WriteManyAsync(store, id, writer, partWayRead.Task));
        var reading = StartActors(Readers, Task.CompletedTask, async (_, store) =>
        {
            if (Interlocked.Decrement(ref readersToStart) == 0)
            {
                readersRunning.SetResult();
            }

            try
            {
                long cursor = 0;
                while (cursor < total && !writing.IsFaulted)
                {
                    await Task.Yield();
                    // Read in this order: once writers are done, or a LastSeq is shown, that much must be readable.
                    var writersDone = writing.IsCompletedSuccessfully;
                    var shown = await LastSeqAsync(store, id);
                    var batch = await store.GetChangesAsync(id, cursor, BatchLimit, Cancellation);

                    Assert.Equal(Seqs(cursor + 1, batch.Count), batch.Select(m => m.ChangeSeq));
                    Assert.True(batch.Count >= Math.Min(shown - cursor, BatchLimit),
                        $"LastSeq was {shown}, but after {cursor} only {batch.Count} changes were readable.");
                    Assert.False(writersDone && batch.Count == 0, $"All writes are done, but nothing is readable after {cursor} of {total}.");
                    cursor += batch.Count;
                    if (shown > 0 && shown < total)
                    {
                        partWayRead.TrySetResult();
                    }
                }

                return cursor;
            }
            finally
            {
                // A failed reader must not hold the writers at halfway.
                partWayRead.TrySetResult();
            }
        });

        await writing.WaitAsync(ActorTimeout, Cancellation);
        var cursors = await reading.WaitAsync(ActorTimeout, Cancellation);
        Assert.All(cursors, cursor => Assert.Equal(total, cursor));
    }

    [Fact]
    public async Task Concurrent_sends_edits_and_deletes_take_each_seq_once_and_leave_each_message_once_in_the_feed()
    {
        const int Actors = 6;
        const int WritesPerActor = 60;
        const int SharedMessages = 20;
        var setup = CreateStore();
        var id = (await CreateConversationAsync(setup)).Id;
        var shared = await SendManyAsync(setup, id, SharedMessages);
        var clock = 0;

        var writesByActor = await RunActorsAsync(Actors, async (actor, store) =>
        {
            // A fixed mix per actor: half sends, the rest edits and deletes of shared or own messages.
            var random = new Random(actor);
            var targets = shared.Select(m => m.Id).ToList();
            var taken = new List<Message>();
            for (var i = 0; i < WritesPerActor; i++)
            {
                await Task.Yield();
                // Every write has its own instant and text, so a result shows whether it is this write's.
                var at = Epoch.AddMilliseconds(Interlocked.Increment(ref clock));
                var roll = random.Next(10);
                if (roll < 5)
                {
                    var result = await store.AppendMessageAsync(Draft(id, $"actor{actor}", $"sent {actor}/{i}") with { CreatedAt = at }, Cancellation);
                    Assert.NotNull(result);
                    Assert.True(result.Created);
                    taken.Add(result.Message);
                    targets.Add(result.Message.Id);
                    continue;
                }

                var target = targets[random.Next(targets.Count)];
                var text = roll < 8 ? $"edit {actor}/{i}" : null;
                var after = await store.UpdateMessageAsync(new MessageUpdate { ConversationId = id, MessageId = target, NewText = text, At = at, ChangedBy = "alice" }, Cancellation);
                Assert.NotNull(after);
                var tookSeq = text is null ? after.DeletedAt == at : after.Text == text && after.EditedAt == at;
                if (tookSeq)
                {
                    taken.Add(after);
                }
                else
                {
                    // Only a tombstone refuses a change.
                    Assert.True(after.IsDeleted);
                }
            }

            return taken;
        });

        await AssertWritesAreTheFeedAsync(CreateStore(), id, [.. shared.Concat(writesByActor.SelectMany(w => w))]);
    }

    /// <summary>
    /// Checks a conversation against every write that took a seq in it (each as its writer was
    /// answered): one seq each, gap-free up to LastSeq, the feed holding each message's latest
    /// write once, and each edit and delete recorded with the text of the write before it.
    /// </summary>
    private static async Task AssertWritesAreTheFeedAsync(IMessageStore reader, string id, List<Message> writes)
    {
        var lastSeq = await LastSeqAsync(reader, id);
        Assert.Equal(Seqs(1, writes.Count), writes.Select(w => w.ChangeSeq).Order());
        Assert.Equal(writes.Count, lastSeq);

        // Each message's latest write is its current state, and the feed holds it once, at that ChangeSeq.
        var expected = writes.GroupBy(w => w.Id).Select(g => g.MaxBy(w => w.ChangeSeq)!).OrderBy(m => m.ChangeSeq).ToList();
        var feed = await ReadFeedAsync(reader, id);
        Assert.Equal(expected, feed);
        Assert.Equal(feed.Count, feed.Select(m => m.Id).Distinct().Count());
        Assert.Equal(lastSeq, feed[^1].ChangeSeq);

        // Each edit and delete was recorded with the change, holding the text of the write before it.
        foreach (var byMessage in writes.GroupBy(w => w.Id))
        {
            var chain = byMessage.OrderBy(w => w.ChangeSeq).ToList();
            var revisions = await reader.GetRevisionsAsync(id, byMessage.Key, Cancellation);
            Assert.Equal(chain.Skip(1).Select(w => w.ChangeSeq), revisions.Select(r => r.ChangeSeq));
            Assert.Equal(chain.SkipLast(1).Select(w => w.Text), revisions.Select(r => r.PreviousText));
        }
    }

    /// <summary>
    /// Sends <see cref="WritesPerWriter"/> messages as one writer, one after another; halfway, waits
    /// for <paramref name="halfway"/> when given.
    /// </summary>
    private async Task<List<Message>> WriteManyAsync(IMessageStore store, string conversationId, int writer, Task? halfway = null)
    {
        var sent = new List<Message>(WritesPerWriter);
        for (var i = 0; i < WritesPerWriter; i++)
        {
            if (halfway is not null && i == Math.Max(1, WritesPerWriter / 2))
            {
                await halfway.WaitAsync(ActorTimeout, Cancellation);
            }

            // Yield so writers interleave even on a store that completes synchronously.
            await Task.Yield();
            sent.Add(await SendAsync(store, Draft(conversationId, $"writer{writer}", $"{writer}/{i}")));
        }

        return sent;
    }
}
