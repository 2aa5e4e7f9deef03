using Xunit;

namespace BstChat.Storage.Specification;

// Creating and finding conversations, and how their LastSeq and LastChangeAt follow writes.
public abstract partial class MessageStoreSpecification
{
    [Fact]
    public async Task A_new_conversation_starts_at_seq_zero()
    {
        var store = CreateStore();
        var id = NewConversationId();
        var (created, isNew) = await store.CreateConversationAsync(
            new Conversation { Id = id, Title = "Algebra", CreatedAt = At(0), LastChangeAt = At(0), LastSeq = 7 },
            Cancellation);

        Assert.True(isNew);
        Assert.Equal(id, created.Id);
        Assert.Equal("Algebra", created.Title);
        Assert.Equal(At(0), created.CreatedAt);
        Assert.Equal(At(0), created.LastChangeAt);
        Assert.Equal(0, created.LastSeq);
        Assert.Equal(created, await store.FindConversationAsync(id, Cancellation));
    }

    [Fact]
    public async Task Creating_a_conversation_again_returns_the_first_one_unchanged()
    {
        var store = CreateStore();
        var first = await CreateConversationAsync(store, "Algebra", createdAt: 0);
        await SendAsync(store, first.Id, at: 5);
        var expected = await store.FindConversationAsync(first.Id, Cancellation);

        var (second, isNew) = await store.CreateConversationAsync(
            new Conversation { Id = first.Id, Title = "Geometry", CreatedAt = At(60), LastChangeAt = At(60) },
            Cancellation);

        Assert.False(isNew);
        Assert.NotNull(expected);
        Assert.Equal("Algebra", second.Title);
        Assert.Equal(At(0), second.CreatedAt);
        Assert.Equal(1, second.LastSeq);
        Assert.Equal(expected, second);
        Assert.Equal(expected, await store.FindConversationAsync(first.Id, Cancellation));
    }

    [Fact]
    public async Task A_create_says_it_created_even_when_the_store_keeps_its_times_less_precisely()
    {
        var store = CreateStore();
        var id = NewConversationId();
        // A tick past the second: finer than any database keeps, so what comes back may differ from what went in.
        var at = At(0).AddTicks(1);

        var first = await store.CreateConversationAsync(new Conversation { Id = id, Title = "Algebra", CreatedAt = at, LastChangeAt = at }, Cancellation);
        var again = await store.CreateConversationAsync(new Conversation { Id = id, Title = "Algebra", CreatedAt = at, LastChangeAt = at }, Cancellation);

        Assert.True(first.Created);
        Assert.False(again.Created);
        Assert.Equal(first.Conversation, again.Conversation);
        Assert.Equal(first.Conversation, await store.FindConversationAsync(id, Cancellation));
    }

    [Fact]
    public async Task Of_concurrent_creates_of_one_id_exactly_one_creates_it()
    {
        var id = NewConversationId();

        var results = await RunActorsAsync(8, (actor, store) => store.CreateConversationAsync(
            new Conversation { Id = id, Title = $"Title {actor}", CreatedAt = At(actor), LastChangeAt = At(actor) },
            Cancellation).AsTask());

        var creator = Assert.Single(results, r => r.Created);
        Assert.All(results, r => Assert.Equal(creator.Conversation, r.Conversation));
        Assert.Equal(creator.Conversation, await CreateStore().FindConversationAsync(id, Cancellation));
    }

    [Fact]
    public async Task Finding_an_unknown_conversation_returns_null()
    {
        Assert.Null(await CreateStore().FindConversationAsync(NewConversationId(), Cancellation));
    }

    [Fact]
    public async Task Every_send_edit_and_delete_advances_LastSeq_and_LastChangeAt()
    {
        var store = CreateStore();
        var id = (await CreateConversationAsync(store, createdAt: 0)).Id;

        var message = await SendAsync(store, id, at: 10);
        var afterSend = await store.FindConversationAsync(id, Cancellation);
        await EditAsync(store, id, message.Id, "edited", at: 20);
        var afterEdit = await store.FindConversationAsync(id, Cancellation);
        await DeleteAsync(store, id, message.Id, at: 30);
        var afterDelete = await store.FindConversationAsync(id, Cancellation);

        Assert.NotNull(afterSend);
        Assert.NotNull(afterEdit);
        Assert.NotNull(afterDelete);
        Assert.Equal((1L, At(10)), (afterSend.LastSeq, afterSend.LastChangeAt));
        Assert.Equal((2L, At(20)), (afterEdit.LastSeq, afterEdit.LastChangeAt));
        Assert.Equal((3L, At(30)), (afterDelete.LastSeq, afterDelete.LastChangeAt));
        Assert.Equal(At(0), afterDelete.CreatedAt);
    }
}
