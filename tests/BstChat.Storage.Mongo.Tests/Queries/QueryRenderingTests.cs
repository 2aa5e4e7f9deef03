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
        AssertBson($$"""{ "$inc": { "reserved_seq": NumberLong(12) }, "$max": { "last_change_at": {{AtJson}} } }""", Render(ConversationQueries.ReserveSeqs(12, At.AddTicks(5))));
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
        AssertBson("""{ "conversation_id": "c1", "change_seq": NumberLong(5) }""", Render(MessageQueries.ByChangeSeq("c1", 5)));
    }

    [Fact]
    public void History_reads_newest_first_below_an_optional_seq()
    {
        AssertBson("""{ "conversation_id": "c1" }""", Render(MessageQueries.History("c1", beforeSeq: null)));
        AssertBson("""{ "conversation_id": "c1", "seq": { "$lt": NumberLong(10) } }""", Render(MessageQueries.History("c1", beforeSeq: 10)));
        AssertBson("""{ "seq": -1 }""", Render(MessageQueries.NewestFirst));
    }

    [Fact]
    public void An_edit_claims_only_a_live_message_with_other_text_unchanged_since_read_whose_claim_is_free_or_released_by_the_expected_writer()
    {
        var edit = new MessageUpdate { ConversationId = "c1", MessageId = "m1", NewText = "fixed", At = At, ChangedBy = "alice" };

        AssertBson(
            """{ "_id": "m1", "conversation_id": "c1", "change_seq": NumberLong(4), "deleted_at": null, "claim": null, "text": { "$ne": "fixed" } }""",
            Render(MessageQueries.Claimable(edit, seenChangeSeq: 4, expectedOwner: null)));
        AssertBson(
            """{ "_id": "m1", "conversation_id": "c1", "change_seq": NumberLong(4), "deleted_at": null, "claim.owner": "w0", "text": { "$ne": "fixed" } }""",
            Render(MessageQueries.Claimable(edit, seenChangeSeq: 4, expectedOwner: "w0")));
        AssertBson("""{ "$set": { "claim": { "owner": "w1" } } }""", Render(MessageQueries.Claim("w1")));
    }

    [Fact]
    public void A_delete_claims_any_live_message()
    {
        var delete = new MessageUpdate { ConversationId = "c1", MessageId = "m1", NewText = null, At = At, ChangedBy = "alice" };

        AssertBson(
            """{ "_id": "m1", "conversation_id": "c1", "change_seq": NumberLong(4), "deleted_at": null, "claim": null }""",
            Render(MessageQueries.Claimable(delete, seenChangeSeq: 4, expectedOwner: null)));
    }

    [Fact]
    public void A_claimed_change_is_one_conditional_update_that_records_its_seq_in_the_claim_and_its_revision()
    {
        var edit = new MessageUpdate { ConversationId = "c1", MessageId = "m1", NewText = "fixed", At = At, ChangedBy = "bob" };
        var delete = edit with { NewText = null };

        AssertBson("""{ "_id": "m1", "conversation_id": "c1", "claim.owner": "w1" }""", Render(MessageQueries.HeldBy("c1", "m1", "w1")));
        AssertBson(
            $$"""
            {
              "$set": { "change_seq": NumberLong(8), "claim.seq": NumberLong(8), "text": "fixed", "edited_at": {{AtJson}} },
              "$push": { "revisions": { "change_seq": NumberLong(8), "kind": "edited", "previous_text": "typo", "changed_by": "bob", "changed_at": {{AtJson}} } }
            }
            """,
            Render(MessageQueries.Apply(edit, 8, previousText: "typo")));
        AssertBson(
            $$"""
            {
              "$set": { "change_seq": NumberLong(8), "claim.seq": NumberLong(8), "text": "", "deleted_at": {{AtJson}} },
              "$push": { "revisions": { "change_seq": NumberLong(8), "kind": "deleted", "previous_text": "fixed", "changed_by": "bob", "changed_at": {{AtJson}} } },
              "$unset": { "attachments": 1 }
            }
            """,
            Render(MessageQueries.Apply(delete, 8, previousText: "fixed")));
    }

    [Fact]
    public void A_writer_lets_go_of_its_claim_only_while_it_has_applied_nothing()
    {
        AssertBson(
            """{ "_id": "m1", "conversation_id": "c1", "claim.owner": "w1", "claim.seq": null }""",
            Render(MessageQueries.HeldUnapplied("c1", "m1", "w1")));
        AssertBson("""{ "$unset": { "claim": 1 } }""", Render(MessageQueries.Release));
    }

    [Fact]
    public void Moving_a_change_needs_it_to_be_the_latest_under_the_same_claim_and_moves_a_new_message_place_or_an_edit_revision_too()
    {
        AssertBson("""{ "_id": "m1", "change_seq": NumberLong(5), "claim": null }""", Render(MessageQueries.MovableFrom("m1", 5, owner: null, isNewMessage: true)));
        AssertBson(
            """{ "_id": "m1", "change_seq": NumberLong(5), "claim.owner": "w1", "revisions.change_seq": NumberLong(5) }""",
            Render(MessageQueries.MovableFrom("m1", 5, owner: "w1", isNewMessage: false)));
        AssertBson("""{ "$set": { "change_seq": NumberLong(12), "seq": NumberLong(12) } }""", Render(MessageQueries.MoveChange(12, isNewMessage: true)));
        AssertBson(
            """{ "$set": { "change_seq": NumberLong(12), "claim.seq": NumberLong(12), "revisions.$.change_seq": NumberLong(12) } }""",
            Render(MessageQueries.MoveChange(12, isNewMessage: false)));
    }

    [Fact]
    public void Send_claim_queries()
    {
        AssertBson("""{ "_id": "c1/2:u1/k1" }""", Render(SendClaimQueries.ById("c1/2:u1/k1")));
        AssertBson("""{ "_id": "c1/2:u1/k1", "owner": "w0" }""", Render(SendClaimQueries.HeldBy("c1/2:u1/k1", "w0")));
        AssertBson("""{ "$set": { "owner": "w1" } }""", Render(SendClaimQueries.TakeOver("w1")));
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
