using BstChat.Storage.Mongo.Documents;
using BstChat.Storage.Mongo.Queries;
using MongoDB.Bson;
using Xunit;
using static BstChat.Storage.Mongo.Tests.Rendering;

namespace BstChat.Storage.Mongo.Tests.Transfer;

/// <summary>What export and import send: filters and sorts as the server receives them, and imported documents as stored.</summary>
public sealed class TransferRenderingTests
{
    private static readonly DateTimeOffset At = new(2025, 3, 4, 5, 6, 7, 890, TimeSpan.Zero);

    [Fact]
    public void Conversations_page_by_id_from_the_start_or_after_the_last_one()
    {
        AssertBson("{ }", Render(TransferQueries.ConversationsAfter(null)));
        AssertBson("""{ "_id": { "$gt": "lesson-9" } }""", Render(TransferQueries.ConversationsAfter("lesson-9")));
        AssertBson("""{ "_id": 1 }""", Render(TransferQueries.ById));
    }

    [Fact]
    public void Messages_page_by_seq_on_the_conversation_seq_index()
    {
        AssertBson("""{ "conversation_id": "c1", "seq": { "$gt": NumberLong(40) } }""", Render(TransferQueries.MessagesAfter("c1", 40)));
        AssertBson("""{ "seq": 1 }""", Render(TransferQueries.BySeq));
    }

    [Fact]
    public void Importing_members_removes_the_others_of_that_conversation_only()
    {
        AssertBson(
            """{ "conversation_id": "c1", "_id": { "$nin": ["c1/anna", "c1/ben"] } }""",
            Render(TransferQueries.MembersOtherThan("c1", ["anna", "ben"])));
        AssertBson("""{ "_id": "c1/anna" }""", Render(TransferQueries.MemberById("c1/anna")));
        AssertBson("""{ "_id": "m1" }""", Render(TransferQueries.MessageById("m1")));
        AssertBson("""{ "_id": "c1/7" }""", Render(TransferQueries.ChangeById("c1/7")));
    }

    [Fact]
    public void An_imported_conversation_has_both_counters_at_its_last_seq()
    {
        DocumentClassMaps.Register();
        var conversation = new Conversation { Id = "c1", Title = "Algebra", CreatedAt = At.AddTicks(9), LastChangeAt = At.AddMinutes(1), LastSeq = 12 };

        var bson = DocumentMapper.ToImportedDocument(conversation).ToBsonDocument();

        AssertBson(
            """
            { "_id": "c1", "title": "Algebra", "created_at": ISODate("2025-03-04T05:06:07.890Z"),
              "last_change_at": ISODate("2025-03-04T05:07:07.890Z"), "reserved_seq": NumberLong(12), "visible_seq": NumberLong(12) }
            """,
            bson);
    }

    [Fact]
    public void An_imported_tombstone_keeps_every_field()
    {
        DocumentClassMaps.Register();
        var message = new Message
        {
            Id = "m1", ConversationId = "c1", Seq = 3, ChangeSeq = 9, SenderId = "anna", SenderName = "Anna", Text = "",
            ClientMessageId = "k1", CreatedAt = At, EditedAt = At.AddSeconds(1), DeletedAt = At.AddSeconds(2).AddTicks(5),
        };

        var document = DocumentMapper.ToDocument(message);

        AssertBson(
            """
            { "_id": "m1", "conversation_id": "c1", "seq": NumberLong(3), "change_seq": NumberLong(9), "sender_id": "anna",
              "sender_name": "Anna", "text": "", "client_message_id": "k1", "created_at": ISODate("2025-03-04T05:06:07.890Z"),
              "edited_at": ISODate("2025-03-04T05:06:08.890Z"), "deleted_at": ISODate("2025-03-04T05:06:09.890Z") }
            """,
            document.ToBsonDocument());
        Assert.Equal(message with { DeletedAt = At.AddSeconds(2) }, DocumentMapper.ToModel(document));
    }
}
