using BstChat.Storage.Mongo.Queries;
using Xunit;
using static BstChat.Storage.Mongo.Tests.Rendering;

namespace BstChat.Storage.Mongo.Tests.Queries;

/// <summary>Every filter, update, sort and projection the store sends, rendered as the server receives it.</summary>
public sealed class QueryRenderingTests
{
    private static readonly DateTimeOffset At = new(2025, 3, 4, 5, 6, 7, 890, TimeSpan.Zero);
    private const string AtJson = """ISODate("2025-03-04T05:06:07.890Z")""";

    [Fact]
    public void Conversation_queries()
    {
        AssertBson("""{ "_id": "c1" }""", Render(ConversationQueries.ById("c1")));
        AssertBson($$"""{ "$inc": { "reserved_seq": NumberLong(1) }, "$max": { "last_change_at": {{AtJson}} } }""", Render(ConversationQueries.ReserveSeq(At.AddTicks(5))));
        AssertBson("""{ "_id": "c1", "visible_seq": NumberLong(6) }""", Render(ConversationQueries.VisibleUpTo("c1", 6)));
        AssertBson("""{ "$set": { "visible_seq": NumberLong(7) } }""", Render(ConversationQueries.SetVisible(7)));
        AssertBson("""{ "$max": { "visible_seq": NumberLong(9) } }""", Render(ConversationQueries.RaiseVisible(9)));
    }

    [Fact]
    public void Member_queries()
    {
        AssertBson("""{ "_id": "c1/u1" }""", Render(MemberQueries.ById("c1", "u1")));
        AssertBson("""{ "conversation_id": "c1" }""", Render(MemberQueries.InConversation("c1")));
        AssertBson("""{ "joined_at": 1, "user_id": 1 }""", Render(MemberQueries.ByJoinTime));
        AssertBson("""{ "$max": { "last_read_seq": NumberLong(4) } }""", Render(MemberQueries.AdvanceReadMarker(4)));
    }

    [Fact]
    public void A_member_upsert_keeps_join_time_and_read_marker_of_an_existing_member()
    {
        var member = new Member { ConversationId = "c1", UserId = "u1", DisplayName = "Anna", Role = MemberRole.Moderator, JoinedAt = At, LastReadSeq = 99 };

        AssertBson(
            $$"""
            {
              "$set": { "display_name": "Anna", "role": "moderator" },
              "$setOnInsert": { "conversation_id": "c1", "user_id": "u1", "joined_at": {{AtJson}}, "last_read_seq": NumberLong(0) }
            }
            """,
            Render(MemberQueries.Upsert(member)));
    }

    [Fact]
    public void Message_lookups()
    {
        AssertBson("""{ "_id": "m1", "conversation_id": "c1" }""", Render(MessageQueries.ById("c1", "m1")));
        AssertBson("""{ "_id": { "$in": ["m1", "m2"] }, "conversation_id": "c1" }""", Render(MessageQueries.ByIds("c1", ["m1", "m2"])));
        AssertBson("""{ "conversation_id": "c1", "sender_id": "u1", "client_message_id": "k1" }""", Render(MessageQueries.ByClientMessageId("c1", "u1", "k1")));
        AssertBson("""{ "conversation_id": "c1", "change_seq": NumberLong(5) }""", Render(MessageQueries.ByChangeSeq("c1", 5)));
        AssertBson("""{ "_id": "m1", "change_seq": NumberLong(5) }""", Render(MessageQueries.ByIdAtChangeSeq("m1", 5)));
    }

    [Fact]
    public void History_reads_newest_first_below_an_optional_seq()
    {
        AssertBson("""{ "conversation_id": "c1" }""", Render(MessageQueries.History("c1", beforeSeq: null)));
        AssertBson("""{ "conversation_id": "c1", "seq": { "$lt": NumberLong(10) } }""", Render(MessageQueries.History("c1", beforeSeq: 10)));
        AssertBson("""{ "seq": -1 }""", Render(MessageQueries.NewestFirst));
    }

    [Fact]
    public void An_edit_applies_only_to_a_live_message_with_other_text_and_no_later_change()
    {
        var edit = new MessageUpdate { ConversationId = "c1", MessageId = "m1", NewText = "fixed", At = At, ChangedBy = "alice" };

        AssertBson(
            """
            { "_id": "m1", "conversation_id": "c1", "deleted_at": null, "change_seq": { "$lt": NumberLong(8) }, "text": { "$ne": "fixed" } }
            """,
            Render(MessageQueries.Changeable(edit, 8)));
        AssertBson(
            $$"""{ "$set": { "change_seq": NumberLong(8), "text": "fixed", "edited_at": {{AtJson}} } }""",
            Render(MessageQueries.Apply(edit, 8)));
    }

    [Fact]
    public void A_delete_applies_to_a_live_message_with_no_later_change_and_leaves_a_tombstone()
    {
        var delete = new MessageUpdate { ConversationId = "c1", MessageId = "m1", NewText = null, At = At, ChangedBy = "alice" };

        AssertBson(
            """{ "_id": "m1", "conversation_id": "c1", "deleted_at": null, "change_seq": { "$lt": NumberLong(8) } }""",
            Render(MessageQueries.Changeable(delete, 8)));
        AssertBson(
            $$"""{ "$set": { "change_seq": NumberLong(8), "text": "", "deleted_at": {{AtJson}} } }""",
            Render(MessageQueries.Apply(delete, 8)));
    }

    [Fact]
    public void Moving_a_change_moves_a_new_message_place_too()
    {
        AssertBson("""{ "$set": { "change_seq": NumberLong(12), "seq": NumberLong(12) } }""", Render(MessageQueries.MoveChange(12, isNewMessage: true)));
        AssertBson("""{ "$set": { "change_seq": NumberLong(12) } }""", Render(MessageQueries.MoveChange(12, isNewMessage: false)));
    }

    [Fact]
    public void Change_queries()
    {
        AssertBson("""{ "_id": "c1/5" }""", Render(ChangeQueries.ById("c1", 5)));
        AssertBson(
            """{ "conversation_id": "c1", "seq": { "$gt": NumberLong(3), "$lte": NumberLong(9) } }""",
            Render(ChangeQueries.Range("c1", 3, 9)));
        AssertBson("""{ "seq": 1 }""", Render(ChangeQueries.BySeq));
        AssertBson("""{ "seq": 1, "_id": 0 }""", Render(ChangeQueries.SeqOnly));
    }
}
