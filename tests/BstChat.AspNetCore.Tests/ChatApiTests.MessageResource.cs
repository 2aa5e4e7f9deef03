using System.Net;
using BstChat.AspNetCore.Tests.Infrastructure;
using static BstChat.AspNetCore.Tests.Infrastructure.ChatSeed;

namespace BstChat.AspNetCore.Tests;

// GET /conversations/{id}/messages/{messageId}: one message in its current state, where a send's
// 201 Location points. Members only; anyone else gets 404, as for the conversation itself.
public abstract partial class ChatApiTests
{
    [Fact]
    public async Task The_Location_of_a_201_answers_GET_with_the_message_in_its_current_state()
    {
        var host = await StartHostAsync();
        var ben = host.CreateClient(Ben.Id);
        using var created = await ben.PostMessageAsync(AnnaBen, "Where am I?", "located-1");
        var sent = await created.ReadAsync<ApiMessage>(HttpStatusCode.Created);
        var location = created.Headers.Location ?? throw new InvalidOperationException("The 201 has no Location.");

        using var first = await host.CreateClient(Anna.Id).GetAsync(location, Cancellation);
        Assert.Equal(sent, await first.ReadAsync<ApiMessage>(HttpStatusCode.OK));

        using (var edit = await ben.PatchMessageAsync(AnnaBen, sent.Id, "Here"))
        {
            Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        }

        using var edited = await ben.GetAsync(location, Cancellation);
        Assert.Equal("Here", (await edited.ReadAsync<ApiMessage>(HttpStatusCode.OK)).Text);

        using (var delete = await ben.DeleteMessageAsync(AnnaBen, sent.Id))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        using var tombstone = await ben.GetAsync(location, Cancellation);
        var deleted = await tombstone.ReadAsync<ApiMessage>(HttpStatusCode.OK);
        Assert.Equal(("", sent.Id), (deleted.Text, deleted.Id));
        Assert.NotNull(deleted.DeletedAt);
    }

    [Fact]
    public async Task One_message_is_for_members_only_and_an_unknown_one_is_404()
    {
        var host = await StartHostAsync();
        var sent = await host.CreateClient(Ben.Id).SendMessageAsync(AnnaBen, "Just us");
        var path = $"{ChatHttp.MessagesPath(AnnaBen)}/{sent.Id}";

        using var outsider = await host.CreateClient(Chloe.Id).GetAsync(path, Cancellation);
        using var nobody = await host.CreateClient(null).GetAsync(path, Cancellation);
        using var unknown = await host.CreateClient(Anna.Id).GetAsync($"{ChatHttp.MessagesPath(AnnaBen)}/0123456789abcdef0123456789abcdef", Cancellation);
        using var elsewhere = await host.CreateClient(Anna.Id).GetAsync($"{ChatHttp.MessagesPath(Lesson)}/{sent.Id}", Cancellation);
        using var malformed = await host.CreateClient(Anna.Id).GetAsync($"{ChatHttp.MessagesPath(AnnaBen)}/not%20an%20id", Cancellation);

        await outsider.AssertProblemAsync(HttpStatusCode.NotFound, ChatErrorCodes.ConversationNotFound);
        Assert.Equal(HttpStatusCode.Unauthorized, nobody.StatusCode);
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound, ChatErrorCodes.MessageNotFound);
        // A message is found only in its own conversation.
        await elsewhere.AssertProblemAsync(HttpStatusCode.NotFound, ChatErrorCodes.MessageNotFound);
        await malformed.AssertProblemAsync(HttpStatusCode.BadRequest, ChatErrorCodes.InvalidMessageId);
    }
}
