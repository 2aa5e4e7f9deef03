using Xunit;

namespace BstChat.Storage.Specification;

// Read markers: forward only, never past LastSeq, members only.
public abstract partial class MessageStoreSpecification
{
    [Fact]
    public async Task A_read_marker_moves_forward()
    {
        var store = CreateStore();
        var id = (await CreateConversationAsync(store)).Id;
        await AddMemberAsync(store, id, "alice");
        await SendManyAsync(store, id, 3);

        Assert.Equal(2, await store.AdvanceReadMarkerAsync(id, "alice", 2, Cancellation));
        Assert.Equal(2, Assert.Single(await store.GetMembersAsync(id, Cancellation)).LastReadSeq);
        Assert.Equal(3, await store.AdvanceReadMarkerAsync(id, "alice", 3, Cancellation));
        Assert.Equal(3, Assert.Single(await store.GetMembersAsync(id, Cancellation)).LastReadSeq);
    }

    [Fact]
    public async Task A_read_marker_never_moves_backwards()
    {
        var store = CreateStore();
        var id = (await CreateConversationAsync(store)).Id;
        await AddMemberAsync(store, id, "alice");
        await SendManyAsync(store, id, 3);
        await store.AdvanceReadMarkerAsync(id, "alice", 3, Cancellation);

        Assert.Equal(3, await store.AdvanceReadMarkerAsync(id, "alice", 1, Cancellation));
        Assert.Equal(3, await store.AdvanceReadMarkerAsync(id, "alice", 0, Cancellation));
        Assert.Equal(3, Assert.Single(await store.GetMembersAsync(id, Cancellation)).LastReadSeq);
    }

    [Fact]
    public async Task A_read_marker_stops_at_the_conversation_LastSeq()
    {
        var store = CreateStore();
        var id = (await CreateConversationAsync(store)).Id;
        await AddMemberAsync(store, id, "alice");
        await SendManyAsync(store, id, 3);

        Assert.Equal(3, await store.AdvanceReadMarkerAsync(id, "alice", 99, Cancellation));
        Assert.Equal(3, Assert.Single(await store.GetMembersAsync(id, Cancellation)).LastReadSeq);
    }

    [Fact]
    public async Task Advancing_the_read_marker_of_a_non_member_returns_null()
    {
        var store = CreateStore();
        var id = (await CreateConversationAsync(store)).Id;
        await AddMemberAsync(store, id, "alice");
        await AddMemberAsync(store, id, "bob");
        await SendManyAsync(store, id, 3);
        await store.RemoveMemberAsync(id, "bob", Cancellation);

        Assert.Null(await store.AdvanceReadMarkerAsync(id, "eve", 2, Cancellation));
        Assert.Null(await store.AdvanceReadMarkerAsync(id, "bob", 2, Cancellation));
        Assert.Null(await store.AdvanceReadMarkerAsync(NewConversationId(), "alice", 2, Cancellation));
        Assert.Equal(["alice"], (await store.GetMembersAsync(id, Cancellation)).Select(m => m.UserId));
    }

    [Fact]
    public async Task Concurrent_read_marker_advances_end_at_the_highest()
    {
        const int Readers = 16;
        var setup = CreateStore();
        var id = (await CreateConversationAsync(setup)).Id;
        await AddMemberAsync(setup, id, "alice");
        await SendManyAsync(setup, id, Readers);

        // Each actor reads up to a different seq, so the highest must survive whatever the order.
        var markers = await RunActorsAsync(Readers, async (actor, store) =>
        {
            var seq = actor + 1L;
            return (Asked: seq, Got: await store.AdvanceReadMarkerAsync(id, "alice", seq, Cancellation));
        });

        Assert.All(markers, marker => Assert.InRange(marker.Got!.Value, marker.Asked, Readers));
        Assert.Equal(Readers, Assert.Single(await CreateStore().GetMembersAsync(id, Cancellation)).LastReadSeq);
    }
}
