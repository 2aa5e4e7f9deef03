using System.Net;
using BstChat.AspNetCore.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static BstChat.AspNetCore.Tests.Infrastructure.ChatSeed;

namespace BstChat.AspNetCore.Tests;

// Typing: shown to the other members for TypingTimeout, then gone.
public abstract partial class ChatApiTests
{
    [Fact]
    public async Task Typing_shows_to_the_other_member_and_expires_ending_a_waiting_call()
    {
        // A fake clock: the entry stays until the test moves time, however slow the machine, and
        // nothing but its expiry can end the held call (the wait's deadline never comes).
        var clock = new FakeTimeProvider();
        var host = await StartHostAsync(configureServices: services => services.AddSingleton<TimeProvider>(clock));
        var anna = host.CreateClient(Anna.Id);
        var ben = host.CreateClient(Ben.Id);

        using (var typing = await anna.PostTypingAsync(AnnaBen))
        {
            Assert.Equal(HttpStatusCode.NoContent, typing.StatusCode);
        }

        var shown = await ben.GetChangesAsync(AnnaBen);
        Assert.Equal(new ApiTyping(Anna.Id, Anna.DisplayName), Assert.Single(shown.Typing));

        var waiting = ben.GetChangesAsync(AnnaBen, shown.Cursor, wait: ChatTestHost.HeldWaitSeconds);
        await host.WaitForWaitingRequestsAsync(1);
        clock.Advance(ChatTestHost.TypingTimeout - TimeSpan.FromMilliseconds(100));
        Assert.False(waiting.IsCompleted, "The held call answered before the typing entry expired.");
        clock.Advance(TimeSpan.FromSeconds(1));

        var expired = await waiting;
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
