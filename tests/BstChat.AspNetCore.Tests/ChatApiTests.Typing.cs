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

    [Fact]
    public async Task Typing_without_a_body_is_accepted_as_the_README_shows_it()
    {
        var host = await StartHostAsync(o => o.TypingTimeout = TimeSpan.FromMinutes(1));
        var anna = host.CreateClient(Anna.Id);

        // As curl -X POST sends it: no body, no Content-Length, no Content-Type.
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{ChatHttp.ConversationPath(AnnaBen)}/typing");
        using var bare = await anna.SendAsync(request, Cancellation);
        // As HttpClient's PostAsync(url, null) sends it: Content-Length: 0.
        using var empty = await host.CreateClient(Ben.Id).PostAsync($"{ChatHttp.ConversationPath(Lesson)}/typing", null, Cancellation);

        Assert.Equal(HttpStatusCode.NoContent, bare.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, empty.StatusCode);
        Assert.Equal(new ApiTyping(Anna.Id, Anna.DisplayName), Assert.Single((await host.CreateClient(Ben.Id).GetChangesAsync(AnnaBen)).Typing));
        Assert.Equal(new ApiTyping(Ben.Id, Ben.DisplayName), Assert.Single((await anna.GetChangesAsync(Lesson)).Typing));
    }

    [Fact]
    public async Task Typing_without_a_body_is_still_refused_when_the_browser_says_it_comes_from_another_site()
    {
        var host = await StartHostAsync(o => o.TypingTimeout = TimeSpan.FromMinutes(1));
        var before = await ConversationState.DescribeAsync(host, AnnaBen);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{ChatHttp.ConversationPath(AnnaBen)}/typing");
        request.Headers.Add("Sec-Fetch-Site", "cross-site");

        using var response = await host.CreateClient(Anna.Id).SendAsync(request, Cancellation);

        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, ChatErrorCodes.UnsupportedMediaType);
        Assert.Empty((await host.CreateClient(Ben.Id).GetChangesAsync(AnnaBen)).Typing);
        Assert.Equal(before, await ConversationState.DescribeAsync(host, AnnaBen));
    }
}
