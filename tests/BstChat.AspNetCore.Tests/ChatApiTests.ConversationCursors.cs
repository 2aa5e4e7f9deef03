using System.Net;
using BstChat.AspNetCore.Tests.Infrastructure;
using static BstChat.AspNetCore.Tests.Infrastructure.ChatSeed;

namespace BstChat.AspNetCore.Tests;

// A conversation feed's cursor belongs to its conversation: sent to another conversation's feed
// it is refused (400 invalid_cursor), never replayed from its number there. The untagged form
// older versions issued is still taken, since nothing tells which conversation it was for.
public abstract partial class ChatApiTests
{
    [Fact]
    public async Task A_cursor_from_another_conversations_feed_is_refused_with_invalid_cursor()
    {
        var host = await StartHostAsync();
        var anna = host.CreateClient(Anna.Id);
        for (var i = 0; i < 3; i++)
        {
            await anna.SendMessageAsync(Lesson, $"lesson {i}");
        }

        await anna.SendMessageAsync(AnnaBen, "private 1");
        var annaBen = await anna.GetChangesAsync(AnnaBen);
        var lesson = await anna.GetChangesAsync(Lesson);

        // Untagged, anna-ben's cursor (seq 1) would replay the lesson from its seq 2; the lesson's (seq 3) is past anna-ben's end.
        using var foreign = await anna.RequestChangesAsync(Lesson, annaBen.Cursor);
        using var back = await anna.RequestChangesAsync(AnnaBen, lesson.Cursor);

        await foreign.AssertProblemAsync(HttpStatusCode.BadRequest, ChatErrorCodes.InvalidCursor);
        await back.AssertProblemAsync(HttpStatusCode.BadRequest, ChatErrorCodes.InvalidCursor);
        // Each cursor still works on its own feed.
        Assert.Empty((await anna.GetChangesAsync(Lesson, lesson.Cursor, wait: 0)).Messages);
        Assert.Empty((await anna.GetChangesAsync(AnnaBen, annaBen.Cursor, wait: 0)).Messages);
    }

    [Fact]
    public async Task A_cursor_handed_out_before_cursors_were_tagged_is_still_taken_on_any_feed()
    {
        var host = await StartHostAsync();
        var anna = host.CreateClient(Anna.Id);
        var start = await anna.GetChangesAsync(Lesson);
        var sent = await anna.SendMessageAsync(Lesson, "after an upgrade");
        var untagged = start.Cursor[..start.Cursor.LastIndexOf('.')];

        var changes = await anna.GetChangesAsync(Lesson, untagged, wait: 0);

        Assert.Equal(sent.Id, Assert.Single(changes.Messages).Id);
        Assert.NotEqual(untagged, changes.Cursor);
    }

    [Theory]
    [InlineData(".")]
    [InlineData(".0")]
    [InlineData(".0000000g")]
    [InlineData(".000000000")]
    [InlineData(".0.0")]
    public async Task A_cursor_with_a_malformed_tag_is_refused(string suffix)
    {
        var host = await StartHostAsync();
        var anna = host.CreateClient(Anna.Id);
        var start = await anna.GetChangesAsync(Lesson);
        var untagged = start.Cursor[..start.Cursor.LastIndexOf('.')];

        using var response = await anna.RequestChangesAsync(Lesson, untagged + suffix);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, ChatErrorCodes.InvalidCursor);
    }
}
