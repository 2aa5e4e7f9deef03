using System.Diagnostics;
using System.Net;
using BstChat.AspNetCore.Tests.Infrastructure;
using static BstChat.AspNetCore.Tests.Infrastructure.ChatSeed;

namespace BstChat.AspNetCore.Tests;

// Typing: shown to the other members for TypingTimeout (2 s in the test host), then gone.
public abstract partial class ChatApiTests
{
    [Fact]
    public async Task Typing_shows_to_the_other_member_and_expires_ending_a_waiting_call()
    {
        var host = await StartHostAsync();
        var anna = host.CreateClient(Anna.Id);
        var ben = host.CreateClient(Ben.Id);

        var clock = Stopwatch.StartNew();
        using (var typing = await anna.PostTypingAsync(AnnaBen))
        {
            Assert.Equal(HttpStatusCode.NoContent, typing.StatusCode);
        }

        var shown = await ben.GetChangesAsync(AnnaBen);
        Assert.Equal(new ApiTyping(Anna.Id, Anna.DisplayName), Assert.Single(shown.Typing));

        // Nothing else happens: the wait must end by itself when the entry expires, long before its wait.
        var expired = await ben.GetChangesAsync(AnnaBen, shown.Cursor, wait: ChatTestHost.HeldWaitSeconds);

        // Shown for TypingTimeout (less a little for the server's clock against ours), then gone at once.
        Assert.InRange(clock.Elapsed, ChatTestHost.TypingTimeout - TimeSpan.FromMilliseconds(50), ChatTestHost.WokenPromptly);
        Assert.Empty(expired.Typing);
        Assert.Empty(expired.Messages);
        Assert.NotEqual(shown.Cursor, expired.Cursor);
    }

    [Fact]
    public async Task Sending_a_message_ends_the_senders_typing()
    {
        var host = await StartHostAsync(o => o.TypingTimeout = TimeSpan.FromMinutes(1));
        var anna = host.CreateClient(Anna.Id);
        var ben = host.CreateClient(Ben.Id);
        using var typing = await anna.PostTypingAsync(AnnaBen);
        Assert.Equal(HttpStatusCode.NoContent, typing.StatusCode);
        Assert.Single((await ben.GetChangesAsync(AnnaBen)).Typing);

        await anna.SendMessageAsync(AnnaBen, "Done typing");

        Assert.Empty((await ben.GetChangesAsync(AnnaBen)).Typing);
    }
}
