using System.Collections.Concurrent;
using BstChat.Storage.EfCore.Tests.Infrastructure;

namespace BstChat.Storage.EfCore.Tests.Postgres;

/// <summary>
/// 16 writers on one conversation and 16 on conversations of their own, with readers polling
/// the change feed throughout: every acknowledged message reaches every reader exactly once, in order.
/// </summary>
public sealed class DeliveryTests(PostgresDatabase database)
{
    private const int Writers = 16;
    private const int MessagesPerWriter = 40;
    private const int ReadersOfSharedConversation = 4;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_acknowledged_message_reaches_every_polling_reader_exactly_once_in_seq_order()
    {
        database.RequireAvailable();
        var setup = database.OpenStore();
        var shared = await ChatData.CreateConversationAsync(setup, "shared");
        var own = new string[Writers];
        for (var i = 0; i < Writers; i++)
        {
            own[i] = await ChatData.CreateConversationAsync(setup, $"own-{i}");
        }

        var acknowledged = new ConcurrentDictionary<string, ConcurrentBag<string>>();
        using var writing = new CancellationTokenSource();
        var writers = Enumerable.Range(0, Writers)
            .SelectMany(i => new[] { (Conversation: shared, Writer: $"shared-writer-{i}"), (Conversation: own[i], Writer: $"own-writer-{i}") })
            .Select(w => Task.Run(() => WriteAsync(w.Conversation, w.Writer, acknowledged.GetOrAdd(w.Conversation, _ => []))))
            .ToList();
        var readers = Enumerable.Repeat(shared, ReadersOfSharedConversation).Concat(own)
            .Select(conversation => (Conversation: conversation, Received: Task.Run(() => ReadUntilDoneAsync(conversation, writing.Token))))
            .ToList();

        await Task.WhenAll(writers);
        await writing.CancelAsync();

        foreach (var (conversation, received) in readers)
        {
            var messages = await received;
            Assert.Equal(Enumerable.Range(1, messages.Count).Select(i => (long)i), messages.Select(m => m.Seq));
            Assert.Equal(acknowledged[conversation].Order(), messages.Select(m => m.Id).Order());
        }

        Assert.Equal(Writers * MessagesPerWriter, acknowledged[shared].Count);
    }

    private async Task WriteAsync(string conversationId, string writer, ConcurrentBag<string> acknowledged)
    {
        var store = database.OpenStore();
        for (var i = 0; i < MessagesPerWriter; i++)
        {
            acknowledged.Add((await ChatData.SendAsync(store, conversationId, writer, $"{writer} #{i}")).Id);
        }
    }

    /// <summary>Polls like a client until the writers are done and the feed is drained.</summary>
    private async Task<List<Message>> ReadUntilDoneAsync(string conversationId, CancellationToken writing)
    {
        var store = database.OpenStore();
        var received = new List<Message>();
        long cursor = 0;
        while (true)
        {
            // Read the flag first: a drained feed after it means nothing acknowledged is left.
            var writersDone = writing.IsCancellationRequested;
            var changes = await store.GetChangesAsync(conversationId, cursor, 50, Ct);
            received.AddRange(changes);
            if (changes.Count > 0)
            {
                cursor = changes[^1].ChangeSeq;
            }
            else if (writersDone)
            {
                return received;
            }
            else
            {
                await Task.Delay(TimeSpan.FromMilliseconds(5), Ct);
            }
        }
    }
}
