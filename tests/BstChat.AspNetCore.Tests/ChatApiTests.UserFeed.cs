using System.Net;
using System.Text.Json;
using BstChat.AspNetCore.Tests.Infrastructure;
using static BstChat.AspNetCore.Tests.Infrastructure.ChatSeed;

namespace BstChat.AspNetCore.Tests;

// The user feed over HTTP: one held request for every conversation of the caller (docs/user-feed.md).
public abstract partial class ChatApiTests
{
    [Fact]
    public async Task The_user_feed_without_a_cursor_lists_the_callers_conversations_in_the_documented_shape()
    {
        var host = await StartHostAsync();
        var anna = host.CreateClient(Anna.Id);
        await anna.SendMessageAsync(Lesson, "Welcome");

        using var response = await host.CreateClient(Ben.Id).RequestUserChangesAsync();
        var body = await response.Content.ReadAsStringAsync(Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        CacheControlAssert.IsPrivateNoStore(response, "the user feed");
        using (var json = JsonDocument.Parse(body))
        {
            Assert.Equal(
                ["conversations", "cursor", "hasMore", "messages", "pollAfterMs", "presence", "readMarkers", "removed", "typing"],
                json.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        }

        var changes = await response.ReadAsync<ApiUserChanges>(HttpStatusCode.OK);
        Assert.Equal([AnnaBen, Lesson], changes.Conversations.Select(c => c.Id).Order(StringComparer.Ordinal));
        var lesson = Assert.Single(changes.Conversations, c => c.Id == Lesson);
        Assert.Equal(("Welcome", 1L, 1L, false), (lesson.LastMessage!.Text, lesson.UnreadCount, lesson.ThroughSeq, lesson.HasMore));
        Assert.Empty(changes.Messages);
        Assert.Equal([Anna.Id, Chloe.Id], changes.Presence.Select(p => p.UserId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_held_user_feed_answers_a_message_in_any_of_the_callers_conversations_and_nothing_of_others()
    {
        var host = await StartHostAsync();
        var anna = host.CreateClient(Anna.Id);
        var chloe = host.CreateClient(Chloe.Id);
        var start = await chloe.GetUserChangesAsync();

        var waiting = chloe.GetUserChangesAsync(start.Cursor, wait: ChatTestHost.HeldWaitSeconds);
        await host.WaitForWaitingRequestsAsync(1);
        // Chloe is not in anna-ben: this wakes nobody of hers and never reaches her feed.
        await anna.SendMessageAsync(AnnaBen, "Just for Ben");
        var sent = await anna.SendMessageAsync(Lesson, "Page 12, everyone");
        var changes = await waiting;

        var all = new List<ApiMessage>(changes.Messages);
        var cursor = changes.Cursor;
        while (all.Count == 0 || !all.Any(m => m.Id == sent.Id))
        {
            var next = await chloe.GetUserChangesAsync(cursor, wait: 0);
            all.AddRange(next.Messages);
            cursor = next.Cursor;
        }

        Assert.Equal([sent.Id], all.Select(m => m.Id));
        Assert.Equal(Lesson, all[0].ConversationId);
        Assert.Empty((await chloe.GetUserChangesAsync(cursor, wait: 0)).Messages);
    }

    [Fact]
    public async Task The_user_feed_refuses_a_malformed_cursor_another_users_cursor_and_a_bad_wait_with_problem_codes()
    {
        var host = await StartHostAsync();
        var ben = host.CreateClient(Ben.Id);
        var annasCursor = (await host.CreateClient(Anna.Id).GetUserChangesAsync()).Cursor;
        var bensCursor = (await ben.GetUserChangesAsync()).Cursor;

        using (var garbage = await ben.RequestUserChangesAsync("not-a-cursor!"))
        {
            await garbage.AssertProblemAsync(HttpStatusCode.BadRequest, ChatErrorCodes.InvalidCursor);
        }

        using (var conversationCursor = await ben.RequestUserChangesAsync((await ben.GetChangesAsync(Lesson)).Cursor))
        {
            await conversationCursor.AssertProblemAsync(HttpStatusCode.BadRequest, ChatErrorCodes.InvalidCursor);
        }

        using (var someoneElses = await ben.RequestUserChangesAsync(annasCursor))
        {
            await someoneElses.AssertProblemAsync(HttpStatusCode.BadRequest, ChatErrorCodes.InvalidCursor);
        }

        using (var badWait = await ben.GetAsync($"/chat/changes?cursor={Uri.EscapeDataString(bensCursor)}&wait=-1", Cancellation))
        {
            await badWait.AssertProblemAsync(HttpStatusCode.BadRequest, ChatErrorCodes.InvalidWait);
        }

        using var anonymous = await host.CreateClient(null).RequestUserChangesAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Removal_from_a_conversation_reaches_the_user_feed_once()
    {
        var host = await StartHostAsync();
        var chloe = host.CreateClient(Chloe.Id);
        var start = await chloe.GetUserChangesAsync();

        var waiting = chloe.GetUserChangesAsync(start.Cursor, wait: ChatTestHost.HeldWaitSeconds);
        await host.WaitForWaitingRequestsAsync(1);
        await host.UseChatAsync(chat => chat.RemoveMemberAsync(Lesson, Chloe.Id, Cancellation).AsTask());
        var removed = await waiting;
        await host.CreateClient(Anna.Id).SendMessageAsync(Lesson, "After Chloe left");
        var after = await chloe.GetUserChangesAsync(removed.Cursor, wait: 0);

        Assert.Equal([Lesson], removed.Removed);
        Assert.Empty(after.Removed);
        Assert.Empty(after.Messages);
        Assert.Empty(after.Conversations);
    }

    [Fact]
    public async Task A_member_whose_user_feed_is_held_is_shown_online_in_the_conversation()
    {
        var host = await StartHostAsync();
        var ben = host.CreateClient(Ben.Id);
        var start = await ben.GetUserChangesAsync();
        var waiting = ben.GetUserChangesAsync(start.Cursor, wait: ChatTestHost.HeldWaitSeconds);
        await host.WaitForWaitingRequestsAsync(1);

        var conversation = await host.CreateClient(Anna.Id).GetConversationAsync(AnnaBen);

        Assert.Equal([new ApiPresence(Ben.Id, true, null)], conversation.Presence);
        await host.CreateClient(Anna.Id).SendMessageAsync(AnnaBen, "wake up");
        await waiting;
    }

    [Fact]
    public async Task The_cursor_of_the_largest_window_of_the_longest_ids_fits_in_a_request_to_Kestrel()
    {
        var host = await StartHostAsync(o => o.MaxFeedConversations = 60);
        var ids = Enumerable.Range(0, 60).Select(i => $"{i:D2}{new string('w', 62)}").ToList();
        await host.UseChatAsync(async chat =>
        {
            foreach (var id in ids)
            {
                await chat.CreateConversationAsync(id, "Wide", Cancellation);
                await chat.AddMemberAsync(id, Chloe, MemberRole.Member, Cancellation);
            }
        });
        var chloe = host.CreateClient(Chloe.Id);
        var start = await chloe.GetUserChangesAsync();
        var sent = await host.UseChatAsync(chat => chat.SendSystemMessageAsync(ids[^1], "Last one", null, Cancellation).AsTask());

        var next = await chloe.GetUserChangesAsync(start.Cursor, wait: 0);

        Assert.Equal(60, start.Conversations.Count);
        Assert.Equal([sent.Message.Id], next.Messages.Select(m => m.Id));
    }
}
