using System.Net;
using BstChat.AspNetCore.Tests.Infrastructure;
using static BstChat.AspNetCore.Tests.Infrastructure.ChatSeed;

namespace BstChat.AspNetCore.Tests;

// What an edit or a delete took away stays readable to the conversation's moderators: the sender
// cannot erase what they wrote before anyone saw it.
public abstract partial class ChatApiTests
{
    [Fact]
    public async Task A_moderator_reads_the_text_a_member_edited_away_and_then_deleted()
    {
        var host = await StartHostAsync();
        var ben = host.CreateClient(Ben.Id);
        var sent = await ben.SendMessageAsync(Lesson, "my number is 555 0100");
        (await ben.PatchMessageAsync(Lesson, sent.Id, "hello")).Dispose();
        (await ben.DeleteMessageAsync(Lesson, sent.Id)).Dispose();

        using var response = await host.CreateClient(Anna.Id).GetAsync($"{ChatHttp.MessagesPath(Lesson)}/{sent.Id}/revisions", Cancellation);
        var record = await response.ReadAsync<ApiRevisions>(HttpStatusCode.OK);

        Assert.Equal(
            [(sent.Seq + 1, "edited", "my number is 555 0100", Ben.Id), (sent.Seq + 2, "deleted", "hello", Ben.Id)],
            record.Revisions.Select(r => (r.ChangeSeq, r.Kind, r.PreviousText, r.ChangedBy)));
        // Members see only the tombstone.
        Assert.Equal("", (await ben.GetHistoryAsync(Lesson)).Messages.Single(m => m.Id == sent.Id).Text);
    }

    [Fact]
    public async Task A_moderators_delete_is_recorded_under_the_moderators_name()
    {
        var host = await StartHostAsync();
        var sent = await host.CreateClient(Ben.Id).SendMessageAsync(Lesson, "something unkind");
        var anna = host.CreateClient(Anna.Id);
        (await anna.DeleteMessageAsync(Lesson, sent.Id)).Dispose();

        using var response = await anna.GetAsync($"{ChatHttp.MessagesPath(Lesson)}/{sent.Id}/revisions", Cancellation);
        var revision = Assert.Single((await response.ReadAsync<ApiRevisions>(HttpStatusCode.OK)).Revisions);

        Assert.Equal(("deleted", "something unkind", Anna.Id), (revision.Kind, revision.PreviousText, revision.ChangedBy));
    }

    [Fact]
    public async Task Revisions_of_an_unknown_message_are_404_for_a_moderator()
    {
        var host = await StartHostAsync();

        using var response = await host.CreateClient(Anna.Id).GetAsync($"{ChatHttp.MessagesPath(Lesson)}/no-such-message/revisions", Cancellation);

        await response.AssertProblemAsync(HttpStatusCode.NotFound, ChatErrorCodes.MessageNotFound);
    }
}
