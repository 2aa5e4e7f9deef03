using Xunit;

namespace BstChat.Storage.Specification;

// Adding, updating, removing and listing members.
public abstract partial class MessageStoreSpecification
{
    [Fact]
    public async Task Upserting_a_new_member_adds_it()
    {
        var store = CreateStore();
        var id = (await CreateConversationAsync(store)).Id;

        var member = await store.UpsertMemberAsync(
            new Member { ConversationId = id, UserId = "alice", DisplayName = "Alice", Role = MemberRole.Moderator, JoinedAt = At(3) },
            Cancellation);

        var expected = new Member { ConversationId = id, UserId = "alice", DisplayName = "Alice", Role = MemberRole.Moderator, JoinedAt = At(3), LastReadSeq = 0 };
        Assert.Equal(expected, member);
        Assert.Equal([expected], await store.GetMembersAsync(id, Cancellation));
    }

    [Fact]
    public async Task Upserting_an_existing_member_updates_name_and_role_but_keeps_join_time_and_read_marker()
    {
        var store = CreateStore();
        var id = (await CreateConversationAsync(store)).Id;
        await AddMemberAsync(store, id, "alice", joinedAt: 1);
        await SendManyAsync(store, id, 3);
        await store.AdvanceReadMarkerAsync(id, "alice", 2, Cancellation);

        var updated = await store.UpsertMemberAsync(
            new Member { ConversationId = id, UserId = "alice", DisplayName = "Alice B.", Role = MemberRole.Moderator, JoinedAt = At(50), LastReadSeq = 0 },
            Cancellation);

        var expected = new Member { ConversationId = id, UserId = "alice", DisplayName = "Alice B.", Role = MemberRole.Moderator, JoinedAt = At(1), LastReadSeq = 2 };
        Assert.Equal(expected, updated);
        Assert.Equal([expected], await store.GetMembersAsync(id, Cancellation));
    }

    [Fact]
    public async Task Upserting_a_member_into_an_unknown_conversation_returns_null()
    {
        var store = CreateStore();
        var id = NewConversationId();

        var member = await store.UpsertMemberAsync(
            new Member { ConversationId = id, UserId = "alice", DisplayName = "Alice", JoinedAt = At(0) },
            Cancellation);

        Assert.Null(member);
        Assert.Null(await store.FindConversationAsync(id, Cancellation));
        Assert.Empty(await store.GetMembersAsync(id, Cancellation));
    }

    [Fact]
    public async Task Removing_a_member_takes_them_off_the_list_and_keeps_their_messages()
    {
        var store = CreateStore();
        var id = (await CreateConversationAsync(store)).Id;
        await AddMemberAsync(store, id, "alice");
        var bob = await AddMemberAsync(store, id, "bob");
        var message = await SendAsync(store, id, "alice");

        Assert.True(await store.RemoveMemberAsync(id, "alice", Cancellation));
        Assert.False(await store.RemoveMemberAsync(id, "alice", Cancellation));
        Assert.False(await store.RemoveMemberAsync(NewConversationId(), "bob", Cancellation));

        Assert.Equal([bob], await store.GetMembersAsync(id, Cancellation));
        Assert.Equal(message, await store.FindMessageAsync(id, message.Id, Cancellation));
    }

    [Fact]
    public async Task Finding_a_member_reads_that_member_as_listed_and_nobody_else()
    {
        var store = CreateStore();
        var id = (await CreateConversationAsync(store)).Id;
        await AddMemberAsync(store, id, "alice", joinedAt: 1);
        await AddMemberAsync(store, id, "bob", joinedAt: 2);
        await SendManyAsync(store, id, 2);
        await store.AdvanceReadMarkerAsync(id, "bob", 2, Cancellation);
        var listed = await store.GetMembersAsync(id, Cancellation);

        Assert.Equal(listed.Single(m => m.UserId == "bob"), await store.FindMemberAsync(id, "bob", Cancellation));
        Assert.Equal(listed.Single(m => m.UserId == "alice"), await store.FindMemberAsync(id, "alice", Cancellation));
        Assert.Null(await store.FindMemberAsync(id, "carol", Cancellation));
        Assert.Null(await store.FindMemberAsync(id, "ALICE", Cancellation));
        Assert.Null(await store.FindMemberAsync(NewConversationId(), "alice", Cancellation));

        await store.RemoveMemberAsync(id, "alice", Cancellation);
        Assert.Null(await store.FindMemberAsync(id, "alice", Cancellation));
    }

    [Fact]
    public async Task Members_are_listed_by_join_time_then_user_id()
    {
        var store = CreateStore();
        var id = (await CreateConversationAsync(store)).Id;
        await AddMemberAsync(store, id, "carol", joinedAt: 2);
        await AddMemberAsync(store, id, "zed", joinedAt: 1);
        await AddMemberAsync(store, id, "bob", joinedAt: 1);
        await AddMemberAsync(store, id, "alice", joinedAt: 3);

        var members = await store.GetMembersAsync(id, Cancellation);

        Assert.Equal(["bob", "zed", "carol", "alice"], members.Select(m => m.UserId));
    }
}
