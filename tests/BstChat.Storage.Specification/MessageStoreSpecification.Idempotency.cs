using Xunit;

namespace BstChat.Storage.Specification;

// Client message ids: a retried send is stored once per sender and conversation, even when retries race.
public abstract partial class MessageStoreSpecification
{
    [Fact]
    public async Task A_replayed_client_message_id_returns_the_first_message_and_stores_nothing()
    {
        var store = CreateStore();
        var id = (await CreateConversationAsync(store)).Id;
        var first = await SendAsync(store, Draft(id, "alice", "hello", clientMessageId: "c-1", at: 1));

        // A replay carries a new server-made id and may differ: the first message wins.
        var replay = await store.AppendMessageAsync(Draft(id, "alice", "hello again", clientMessageId: "c-1", at: 2), Cancellation);

        Assert.NotNull(replay);
        Assert.False(replay.Created);
        Assert.Equal(first, replay.Message);
        Assert.Equal(1, await LastSeqAsync(store, id));
        Assert.Equal([first], (await store.GetHistoryAsync(id, null, 10, Cancellation)).Messages);
    }

    [Fact]
    public async Task A_replay_returns_the_first_message_in_its_current_state()
    {
        var store = CreateStore();
        var id = (await CreateConversationAsync(store)).Id;
        var edited = await SendAsync(store, Draft(id, "alice", "hello", clientMessageId: "c-edit"));
        edited = (await EditAsync(store, id, edited.Id, "hello, edited", at: 10))!;
        var deleted = await SendAsync(store, Draft(id, "alice", "oops", clientMessageId: "c-delete"));
        deleted = (await DeleteAsync(store, id, deleted.Id, at: 11))!;

        var replayOfEdited = await store.AppendMessageAsync(Draft(id, "alice", "hello", clientMessageId: "c-edit"), Cancellation);
        var replayOfDeleted = await store.AppendMessageAsync(Draft(id, "alice", "oops", clientMessageId: "c-delete"), Cancellation);

        Assert.Equal(new AppendResult(edited, Created: false), replayOfEdited);
        Assert.Equal(new AppendResult(deleted, Created: false), replayOfDeleted);
        Assert.Equal(4, await LastSeqAsync(store, id));
    }

    [Fact]
    public async Task The_same_client_message_id_from_another_sender_is_a_new_message()
    {
        var store = CreateStore();
        var id = (await CreateConversationAsync(store)).Id;
        var fromAlice = await SendAsync(store, Draft(id, "alice", "hello", clientMessageId: "c-1"));

        var fromBob = await SendAsync(store, Draft(id, "bob", "hello", clientMessageId: "c-1"));
        var fromHost = await SendAsync(store, Draft(id, "", "hello", clientMessageId: "c-1"));

        Assert.Equal([1L, 2L, 3L], new[] { fromAlice, fromBob, fromHost }.Select(m => m.Seq));
        Assert.Equal(3, new[] { fromAlice.Id, fromBob.Id, fromHost.Id }.Distinct().Count());
    }

    [Fact]
    public async Task The_same_client_message_id_in_another_conversation_is_a_new_message()
    {
        var store = CreateStore();
        var id = (await CreateConversationAsync(store)).Id;
        var otherId = (await CreateConversationAsync(store)).Id;
        var here = await SendAsync(store, Draft(id, "alice", "hello", clientMessageId: "c-1"));

        var there = await SendAsync(store, Draft(otherId, "alice", "hello", clientMessageId: "c-1"));

        Assert.NotEqual(here.Id, there.Id);
        Assert.Equal((otherId, 1L), (there.ConversationId, there.Seq));
    }

    [Fact]
    public async Task Messages_without_a_client_message_id_are_never_deduplicated()
    {
        var store = CreateStore();
        var id = (await CreateConversationAsync(store)).Id;

        var first = await SendAsync(store, Draft(id, "alice", "hello", clientMessageId: null));
        var second = await SendAsync(store, Draft(id, "alice", "hello", clientMessageId: null));

        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal([1L, 2L], new[] { first.Seq, second.Seq });
    }

    [Fact]
    public async Task Concurrent_replays_of_one_client_message_id_store_exactly_one_message()
    {
        const int Replays = 16;
        var id = (await CreateConversationAsync(CreateStore())).Id;

        var results = await RunActorsAsync(Replays, async (_, store) =>
            await store.AppendMessageAsync(Draft(id, "alice", "hello", clientMessageId: "retried"), Cancellation));

        Assert.All(results, result => Assert.NotNull(result));
        Assert.Single(results, result => result!.Created);
        var stored = Assert.Single(results.Select(result => result!.Message).Distinct());
        Assert.Equal((1L, "retried"), (stored.Seq, stored.ClientMessageId));
        var store = CreateStore();
        Assert.Equal(1, await LastSeqAsync(store, id));
        Assert.Equal([stored], (await store.GetHistoryAsync(id, null, 10, Cancellation)).Messages);
    }
}
