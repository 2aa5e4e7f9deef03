using System.Net;
using System.Text;
using BstChat.AspNetCore.Tests.Infrastructure;
using static BstChat.AspNetCore.Tests.Infrastructure.ChatSeed;

namespace BstChat.AspNetCore.Tests;

// A conversation as two people have it: send, read history, reply, inbox, read markers, edits.
public abstract partial class ChatApiTests
{
    [Fact]
    public async Task Two_members_converse_and_the_inbox_counts_unread_messages_until_they_are_read()
    {
        var host = await StartHostAsync();
        var anna = host.CreateClient(Anna.Id);
        var ben = host.CreateClient(Ben.Id);

        var hello = await anna.SendMessageAsync(AnnaBen, "Hi Ben, ready for Thursday?");
        Assert.Equal((1, 1, Anna.Id, Anna.DisplayName), (hello.Seq, hello.ChangeSeq, hello.SenderId, hello.SenderName));

        var seenByBen = Assert.Single((await ben.GetHistoryAsync(AnnaBen)).Messages);
        Assert.Equal((hello.Id, "Hi Ben, ready for Thursday?"), (seenByBen.Id, seenByBen.Text));

        var reply = await ben.SendMessageAsync(AnnaBen, "Yes, see you then.");
        Assert.Equal(2, reply.Seq);
        var history = await ben.GetHistoryAsync(AnnaBen);
        Assert.Equal([hello.Id, reply.Id], history.Messages.Select(m => m.Id));
        Assert.False(history.HasMore);

        // Each sees the other's message as unread, never their own; the last message is the reply.
        var annaEntry = Assert.Single((await anna.GetInboxAsync()).Conversations, c => c.Id == AnnaBen);
        Assert.Equal((2, 1, reply.Id), (annaEntry.LastSeq, annaEntry.UnreadCount, annaEntry.LastMessage?.Id));
        var benEntry = Assert.Single((await ben.GetInboxAsync()).Conversations, c => c.Id == AnnaBen);
        Assert.Equal((1, reply.Id), (benEntry.UnreadCount, benEntry.LastMessage?.Id));

        using (var read = await anna.PostReadAsync(AnnaBen, reply.Seq))
        {
            Assert.Equal(HttpStatusCode.NoContent, read.StatusCode);
        }

        annaEntry = Assert.Single((await anna.GetInboxAsync()).Conversations, c => c.Id == AnnaBen);
        Assert.Equal(0, annaEntry.UnreadCount);
        var conversation = await ben.GetConversationAsync(AnnaBen);
        Assert.Equal(2, Assert.Single(conversation.Members, m => m.UserId == Anna.Id).LastReadSeq);
        Assert.Equal(0, Assert.Single(conversation.Members, m => m.UserId == Ben.Id).LastReadSeq);
    }

    [Fact]
    public async Task The_inbox_lists_only_the_callers_conversations()
    {
        var host = await StartHostAsync();

        var chloes = await host.CreateClient(Chloe.Id).GetInboxAsync();
        var bens = await host.CreateClient(Ben.Id).GetInboxAsync();

        Assert.Equal([Lesson], chloes.Conversations.Select(c => c.Id));
        Assert.Equal([AnnaBen, Lesson], bens.Conversations.Select(c => c.Id).Order());
    }

    [Fact]
    public async Task A_conversation_shows_its_members_with_their_roles()
    {
        var host = await StartHostAsync();

        var lesson = await host.CreateClient(Chloe.Id).GetConversationAsync(Lesson);

        Assert.Equal((Lesson, "Lesson 1: Algebra", 0), (lesson.Id, lesson.Title, lesson.LastSeq));
        Assert.Equal(
            ["anna Anna moderator", "ben Ben member", "chloe Chloe member"],
            lesson.Members.Select(m => $"{m.UserId} {m.DisplayName} {m.Role}").Order());
    }

    [Fact]
    public async Task A_read_marker_never_moves_backwards()
    {
        var host = await StartHostAsync();
        var anna = host.CreateClient(Anna.Id);
        var ben = host.CreateClient(Ben.Id);
        await anna.SendMessageAsync(AnnaBen, "one");
        await anna.SendMessageAsync(AnnaBen, "two");

        using var forward = await ben.PostReadAsync(AnnaBen, 2);
        using var backward = await ben.PostReadAsync(AnnaBen, 1);

        Assert.Equal(HttpStatusCode.NoContent, forward.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, backward.StatusCode);
        var conversation = await anna.GetConversationAsync(AnnaBen);
        Assert.Equal(2, Assert.Single(conversation.Members, m => m.UserId == Ben.Id).LastReadSeq);
        var changes = await anna.GetChangesAsync(AnnaBen);
        Assert.Equal(2, Assert.Single(changes.ReadMarkers, r => r.UserId == Ben.Id).LastReadSeq);
    }

    [Fact]
    public async Task An_edit_and_a_delete_reach_the_change_feed_as_the_messages_current_state()
    {
        var host = await StartHostAsync();
        var anna = host.CreateClient(Anna.Id);
        var ben = host.CreateClient(Ben.Id);
        var sent = await anna.SendMessageAsync(AnnaBen, "See you at 5");
        var start = await ben.GetChangesAsync(AnnaBen);

        using (var edit = await anna.PatchMessageAsync(AnnaBen, sent.Id, "See you at 6"))
        {
            var edited = await edit.ReadAsync<ApiMessage>(HttpStatusCode.OK);
            Assert.Equal((sent.Seq, 2, "See you at 6"), (edited.Seq, edited.ChangeSeq, edited.Text));
            Assert.NotNull(edited.EditedAt);
        }

        var afterEdit = await ben.GetChangesAsync(AnnaBen, start.Cursor, wait: 0);
        var editSeen = Assert.Single(afterEdit.Messages);
        Assert.Equal((sent.Id, 2, "See you at 6"), (editSeen.Id, editSeen.ChangeSeq, editSeen.Text));

        using (var delete = await anna.DeleteMessageAsync(AnnaBen, sent.Id))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        var afterDelete = await ben.GetChangesAsync(AnnaBen, afterEdit.Cursor, wait: 0);
        var tombstone = Assert.Single(afterDelete.Messages);
        Assert.Equal((sent.Id, sent.Seq, 3, ""), (tombstone.Id, tombstone.Seq, tombstone.ChangeSeq, tombstone.Text));
        Assert.NotNull(tombstone.DeletedAt);
    }

    [Fact]
    public async Task Text_is_stored_exactly_as_sent_however_its_JSON_is_escaped()
    {
        var host = await StartHostAsync();
        var ben = host.CreateClient(Ben.Id);
        const string Body = """{"text":"Tab\there, \"quoted\" \\ a\/b, caf\u00e9 café, \ud83d\ude00 😀, <b>not html</b>"}""";

        using var response = await ben.PostAsync(ChatHttp.MessagesPath(AnnaBen), new StringContent(Body, Encoding.UTF8, "application/json"), Cancellation);

        var sent = await response.ReadAsync<ApiMessage>(HttpStatusCode.Created);
        const string Expected = "Tab\there, \"quoted\" \\ a/b, café café, 😀 😀, <b>not html</b>";
        Assert.Equal(Expected, sent.Text);
        Assert.Equal(Expected, Assert.Single((await host.CreateClient(Anna.Id).GetHistoryAsync(AnnaBen)).Messages).Text);
    }
}
