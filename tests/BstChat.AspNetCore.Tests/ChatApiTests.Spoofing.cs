using System.Net;
using BstChat.AspNetCore.Tests.Infrastructure;
using static BstChat.AspNetCore.Tests.Infrastructure.ChatSeed;

namespace BstChat.AspNetCore.Tests;

// Text that shows nothing, or that reverses what follows it, is refused and stores nothing;
// mixed scripts and emoji go through as sent.
public abstract partial class ChatApiTests
{
    [Theory]
    [InlineData("\u200B\u200B", ChatErrorCodes.EmptyText)]
    [InlineData("\u3164", ChatErrorCodes.EmptyText)]
    [InlineData("\u2800 \u2800", ChatErrorCodes.EmptyText)]
    [InlineData("see txet erom dna \u202Egnp.exe", ChatErrorCodes.InvalidText)]
    public async Task A_message_that_shows_nothing_or_overrides_direction_is_refused_and_stores_nothing(string text, string code)
    {
        var host = await StartHostAsync();
        var ben = host.CreateClient(Ben.Id);
        var sent = await ben.SendMessageAsync(AnnaBen, "visible");
        var before = await ConversationState.DescribeAsync(host, AnnaBen);

        using var send = await ben.PostMessageAsync(AnnaBen, text);
        using var edit = await ben.PatchMessageAsync(AnnaBen, sent.Id, text);

        await send.AssertProblemAsync(HttpStatusCode.BadRequest, code);
        await edit.AssertProblemAsync(HttpStatusCode.BadRequest, code);
        Assert.Equal(before, await ConversationState.DescribeAsync(host, AnnaBen));
    }

    [Theory]
    [InlineData("مرحبا يا بن")]
    [InlineData("\u2067שלום\u2069 is hello")]
    [InlineData("👩\u200D💻 on it")]
    public async Task Mixed_scripts_isolates_and_emoji_sequences_are_stored_as_sent(string text)
    {
        var host = await StartHostAsync();

        var sent = await host.CreateClient(Ben.Id).SendMessageAsync(AnnaBen, text);

        Assert.Equal(text, sent.Text);
        Assert.Equal(text, (await host.CreateClient(Anna.Id).GetHistoryAsync(AnnaBen)).Messages.Single(m => m.Id == sent.Id).Text);
    }
}
