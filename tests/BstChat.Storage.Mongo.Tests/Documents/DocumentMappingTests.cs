using BstChat.Storage.Mongo.Documents;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using Xunit;

namespace BstChat.Storage.Mongo.Tests.Documents;

/// <summary>The stored shape is a contract with existing data: element names are snake_case and must not drift.</summary>
public sealed class DocumentMappingTests
{
    private static readonly DateTimeOffset At = new(2025, 3, 4, 5, 6, 7, TimeSpan.Zero);

    public DocumentMappingTests() => DocumentClassMaps.Register();

    [Fact]
    public void A_conversation_document_has_stable_snake_case_elements_and_round_trips()
    {
        var document = DocumentMapper.ToDocument(new Conversation { Id = "lesson-42", Title = "Algebra", CreatedAt = At, LastChangeAt = At.AddMinutes(1) });
        document.ReservedSeq = 7;
        document.VisibleSeq = 5;

        var bson = document.ToBsonDocument();

        Assert.Equal(["_id", "title", "created_at", "last_change_at", "reserved_seq", "visible_seq"], bson.Names);
        Assert.Equal("lesson-42", bson["_id"].AsString);
        Assert.Equal(BsonType.DateTime, bson["created_at"].BsonType);
        Assert.Equal(7L, bson["reserved_seq"].AsInt64);
        var back = BsonSerializer.Deserialize<ConversationDocument>(bson);
        Assert.Equivalent(document, back, strict: true);
        Assert.Equal(
            new Conversation { Id = "lesson-42", Title = "Algebra", CreatedAt = At, LastChangeAt = At.AddMinutes(1), LastSeq = 5 },
            DocumentMapper.ToModel(back, lastSeq: 5));
    }

    [Fact]
    public void A_member_document_has_a_composite_string_id_and_stores_its_role_as_a_word()
    {
        var member = new Member
        {
            ConversationId = "lesson-42",
            UserId = "tutor/1",
            DisplayName = "Anna",
            Role = MemberRole.Moderator,
            JoinedAt = At,
            LastReadSeq = 3,
        };

        var bson = DocumentMapper.ToDocument(member).ToBsonDocument();

        Assert.Equal(["_id", "conversation_id", "user_id", "display_name", "role", "joined_at", "last_read_seq"], bson.Names);
        Assert.Equal("lesson-42/tutor/1", bson["_id"].AsString);
        Assert.Equal("moderator", bson["role"].AsString);
        Assert.Equal(member, DocumentMapper.ToModel(BsonSerializer.Deserialize<MemberDocument>(bson)));
        Assert.Equal("member", DocumentMapper.ToStored(MemberRole.Member));
    }

    [Fact]
    public void A_new_message_leaves_out_absent_optional_elements()
    {
        var document = DocumentMapper.ToDocument(NewMessage(clientMessageId: null).ToMessage(9));

        var bson = document.ToBsonDocument();

        Assert.Equal(["_id", "conversation_id", "seq", "change_seq", "sender_id", "sender_name", "text", "created_at"], bson.Names);
        Assert.Equal(9L, bson["seq"].AsInt64);
        Assert.Equal(9L, bson["change_seq"].AsInt64);
    }

    [Fact]
    public void A_changed_message_round_trips_with_every_element()
    {
        var document = DocumentMapper.ToDocument(NewMessage(clientMessageId: "c-1").ToMessage(9));
        document.ChangeSeq = 12;
        document.Text = "";
        document.EditedAt = StoredTime.ToStored(At.AddMinutes(1));
        document.DeletedAt = StoredTime.ToStored(At.AddMinutes(2));

        var bson = document.ToBsonDocument();

        Assert.Equal(
            ["_id", "conversation_id", "seq", "change_seq", "sender_id", "sender_name", "text", "client_message_id", "created_at", "edited_at", "deleted_at"],
            bson.Names);
        var message = DocumentMapper.ToModel(BsonSerializer.Deserialize<MessageDocument>(bson));
        Assert.Equal(
            new Message
            {
                Id = "m-1",
                ConversationId = "lesson-42",
                Seq = 9,
                ChangeSeq = 12,
                SenderId = "ben",
                SenderName = "Ben",
                Text = "",
                ClientMessageId = "c-1",
                CreatedAt = At,
                EditedAt = At.AddMinutes(1),
                DeletedAt = At.AddMinutes(2),
            },
            message);
        Assert.True(message.IsDeleted);
    }

    [Fact]
    public void Attachments_are_embedded_in_order_leaving_out_what_a_file_lacks_and_round_trip()
    {
        var attachments = MessageAttachments.Of(
        [
            new MessageAttachment { FileId = "f-1", Name = "photo.jpg", ContentType = "image/jpeg", Size = 5_000_000_000, Width = 640, Height = 480, HasThumbnail = true },
            new MessageAttachment { FileId = "f-2", Name = "notes.pdf", ContentType = "application/pdf", Size = 12 },
        ]);
        var message = (NewMessage(clientMessageId: null) with { Attachments = attachments }).ToMessage(9);

        var bson = DocumentMapper.ToDocument(message).ToBsonDocument();

        Assert.Equal(["_id", "conversation_id", "seq", "change_seq", "sender_id", "sender_name", "text", "created_at", "attachments"], bson.Names);
        var stored = bson["attachments"].AsBsonArray;
        Assert.Equal(["file_id", "name", "content_type", "size", "width", "height", "has_thumbnail"], stored[0].AsBsonDocument.Names);
        Assert.Equal(["file_id", "name", "content_type", "size"], stored[1].AsBsonDocument.Names);
        Assert.Equal(5_000_000_000, stored[0]["size"].AsInt64);
        Assert.Equal(message, DocumentMapper.ToModel(BsonSerializer.Deserialize<MessageDocument>(bson)));
    }

    [Fact]
    public void Times_are_truncated_to_milliseconds_so_what_a_write_returns_equals_what_a_read_returns()
    {
        var precise = At.AddTicks(1_234_567);
        var document = DocumentMapper.ToDocument((NewMessage(clientMessageId: null) with { CreatedAt = precise }).ToMessage(1));

        var written = DocumentMapper.ToModel(document);
        var read = DocumentMapper.ToModel(BsonSerializer.Deserialize<MessageDocument>(document.ToBsonDocument()));

        Assert.Equal(At.AddMilliseconds(123), written.CreatedAt);
        Assert.Equal(written, read);
        Assert.Equal(TimeSpan.Zero, read.CreatedAt.Offset);
    }

    [Fact]
    public void A_change_document_is_keyed_by_conversation_and_seq_and_leaves_out_a_missing_message()
    {
        var change = ChangeDocument.For("lesson-42", 17, "m-1");
        var noChange = ChangeDocument.For("lesson-42", 18, messageId: null);

        Assert.Equal(["_id", "conversation_id", "seq", "message_id"], change.ToBsonDocument().Names);
        Assert.Equal("lesson-42/17", change.Id);
        Assert.Equal(["_id", "conversation_id", "seq"], noChange.ToBsonDocument().Names);
        Assert.Equivalent(change, BsonSerializer.Deserialize<ChangeDocument>(change.ToBsonDocument()), strict: true);
        Assert.Null(BsonSerializer.Deserialize<ChangeDocument>(noChange.ToBsonDocument()).MessageId);
    }

    [Fact]
    public void The_inbox_rows_read_the_output_of_its_two_queries()
    {
        var conversation = DocumentMapper.ToDocument(new Conversation { Id = "lesson-42", Title = "Algebra", CreatedAt = At, LastChangeAt = At });
        conversation.ReservedSeq = 4;
        conversation.VisibleSeq = 3;
        var membership = BsonSerializer.Deserialize<InboxMembershipDocument>(
            new BsonDocument { { "last_read_seq", 1L }, { "conversation", conversation.ToBsonDocument() } });
        var summary = BsonSerializer.Deserialize<InboxSummaryDocument>(new BsonDocument
        {
            { "_id", "lesson-42" },
            { "last_message", DocumentMapper.ToDocument(NewMessage(clientMessageId: null).ToMessage(3)).ToBsonDocument() },
            { "unread_count", 2 },
        });

        Assert.Equal((1L, "lesson-42", 3L), (membership.LastReadSeq, membership.Conversation.Id, membership.Conversation.VisibleSeq));
        Assert.Equal(("lesson-42", 2L, "m-1"), (summary.ConversationId, summary.UnreadCount, summary.LastMessage.Id));
    }

    [Fact]
    public void A_change_claim_is_stored_only_while_held_and_never_reaches_the_model()
    {
        var message = DocumentMapper.ToDocument(NewMessage(clientMessageId: null).ToMessage(3));
        Assert.DoesNotContain("claim", message.ToBsonDocument().Names);

        message.Claim = new ChangeClaim { Owner = "w1" };
        Assert.Equal(new BsonDocument("owner", "w1"), message.ToBsonDocument()["claim"]);
        message.Claim.Seq = 7;
        Assert.Equal(new BsonDocument { { "owner", "w1" }, { "seq", 7L } }, message.ToBsonDocument()["claim"]);

        var read = BsonSerializer.Deserialize<MessageDocument>(message.ToBsonDocument());
        Assert.Equal(("w1", (long?)7), (read.Claim?.Owner, read.Claim?.Seq));
        Assert.Equal(DocumentMapper.ToModel(DocumentMapper.ToDocument(NewMessage(clientMessageId: null).ToMessage(3))), DocumentMapper.ToModel(read));
    }

    [Fact]
    public void A_send_claim_is_keyed_by_conversation_sender_and_client_message_id()
    {
        var imported = DocumentMapper.ToDocument(NewMessage(clientMessageId: "k/1").ToMessage(3));

        var claim = DocumentMapper.ToImportedSendClaim(imported);

        Assert.Equal(["_id", "conversation_id", "message_id", "owner"], claim.ToBsonDocument().Names);
        Assert.Equal(("lesson-42/3:ben/k/1", "m-1", DocumentMapper.ImportedOwner), (claim.Id, claim.MessageId, claim.Owner));
        // A '/' in a sender id cannot make two keys equal: the sender id is length-prefixed.
        Assert.NotEqual(DocumentIds.SendClaim("c", "a/b", "c"), DocumentIds.SendClaim("c", "a", "b/c"));
        Assert.Throws<ArgumentException>(() => DocumentMapper.ToImportedSendClaim(DocumentMapper.ToDocument(NewMessage(clientMessageId: null).ToMessage(3))));
    }

    [Fact]
    public void Documents_ignore_elements_a_later_version_may_add()
    {
        var bson = ChangeDocument.For("c", 1, "m").ToBsonDocument();
        bson.Add("added_later", 1);

        Assert.Equal(1, BsonSerializer.Deserialize<ChangeDocument>(bson).Seq);
    }

    private static NewMessage NewMessage(string? clientMessageId) => new()
    {
        Id = "m-1",
        ConversationId = "lesson-42",
        SenderId = "ben",
        SenderName = "Ben",
        Text = "Hello",
        ClientMessageId = clientMessageId,
        CreatedAt = At,
    };
}
