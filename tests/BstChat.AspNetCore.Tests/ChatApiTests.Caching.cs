using System.Net;
using BstChat.AspNetCore.Tests.Infrastructure;
using static BstChat.AspNetCore.Tests.Infrastructure.ChatSeed;

namespace BstChat.AspNetCore.Tests;

// Every API answer is one user's view at one moment: Cache-Control: private, no-store on every
// GET, refusals included, so neither a shared proxy nor the browser's history shows it again.
// The browser modules are the exception: public, revalidated by ETag.
public abstract partial class ChatApiTests
{
    [Fact]
    public async Task Every_API_GET_answers_Cache_Control_private_no_store_refusals_included()
    {
        var host = await StartHostAsync();
        var anna = host.CreateClient(Anna.Id);
        var sent = await anna.SendMessageAsync(Lesson, "Cache me not");
        var messagePath = $"{ChatHttp.MessagesPath(Lesson)}/{sent.Id}";
        var paths = new[]
        {
            "/chat/conversations",
            ChatHttp.ConversationPath(Lesson),
            ChatHttp.MessagesPath(Lesson),
            messagePath,
            $"{messagePath}/revisions",
            ChatHttp.ChangesPath(Lesson),
            ChatHttp.UserChangesPath(),
            "/chat/me",
        };

        foreach (var path in paths)
        {
            using var response = await anna.GetAsync(path, Cancellation);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode}.");
            CacheControlAssert.IsPrivateNoStore(response, $"GET {path}");
        }

        using var notFound = await host.CreateClient(Chloe.Id).GetAsync(ChatHttp.MessagesPath(AnnaBen), Cancellation);
        using var badCursor = await anna.GetAsync($"{ChatHttp.ChangesPath(Lesson)}?cursor=nonsense", Cancellation);
        CacheControlAssert.IsPrivateNoStore(notFound, "a non-member's 404");
        CacheControlAssert.IsPrivateNoStore(badCursor, "a bad cursor's 400");
    }

    [Fact]
    public async Task The_browser_modules_under_the_prefix_keep_their_own_caching()
    {
        var host = await StartHostAsync();

        using var script = await host.CreateClient(null).GetAsync("/chat/bstchat.js", Cancellation);

        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.True(script.Headers.CacheControl is { Public: true, NoCache: true, NoStore: false, Private: false }, $"Cache-Control: {script.Headers.CacheControl}");
    }
}
