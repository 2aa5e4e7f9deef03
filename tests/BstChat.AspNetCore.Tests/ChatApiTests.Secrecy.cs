using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BstChat.AspNetCore.Tests.Infrastructure;
using static BstChat.AspNetCore.Tests.Infrastructure.ChatSeed;

namespace BstChat.AspNetCore.Tests;

// What a signed-in user cannot learn or touch outside their conversations (docs/security.md):
// a conversation they are not in answers exactly as one that does not exist, a message id only
// counts in its own conversation, and no other origin is allowed to read an answer.
public abstract partial class ChatApiTests
{
    private const string NoSuchConversation = "no-such-conversation";

    [Fact]
    public async Task A_non_member_gets_the_same_404_as_for_a_conversation_that_does_not_exist()
    {
        var host = await StartHostAsync();
        var chloe = host.CreateClient(Chloe.Id);

        foreach (var (method, suffix, body) in new (string, string, object?)[]
        {
            ("GET", "", null),
            ("GET", "/messages", null),
            ("GET", "/changes?cursor=0.0&wait=1", null),
            ("POST", "/messages", new { text = "hello?" }),
            ("POST", "/typing", new { }),
            ("POST", "/read", new { seq = 0 }),
        })
        {
            var existing = await ProblemOfAsync(chloe, method, $"{ChatHttp.ConversationPath(AnnaBen)}{suffix}", body);
            var missing = await ProblemOfAsync(chloe, method, $"{ChatHttp.ConversationPath(NoSuchConversation)}{suffix}", body);

            Assert.Equal((HttpStatusCode.NotFound, ChatErrorCodes.ConversationNotFound), (existing.Status, existing.Code));
            Assert.Equal(missing, existing);
        }
    }

    [Fact]
    public async Task A_message_id_counts_only_in_its_own_conversation()
    {
        var host = await StartHostAsync();
        var ben = host.CreateClient(Ben.Id);
        var chloe = host.CreateClient(Chloe.Id);
        var privateMessage = await ben.SendMessageAsync(AnnaBen, "between Anna and Ben");
        var before = await ConversationState.DescribeAsync(host, AnnaBen);

        // Chloe and Ben are both in lesson-1; the message is not.
        using var chloesEdit = await chloe.PatchMessageAsync(Lesson, privateMessage.Id, "overwritten");
        using var chloesDelete = await chloe.DeleteMessageAsync(Lesson, privateMessage.Id);
        using var bensEdit = await ben.PatchMessageAsync(Lesson, privateMessage.Id, "wrong room");

        await chloesEdit.AssertProblemAsync(HttpStatusCode.NotFound, ChatErrorCodes.MessageNotFound);
        await chloesDelete.AssertProblemAsync(HttpStatusCode.NotFound, ChatErrorCodes.MessageNotFound);
        await bensEdit.AssertProblemAsync(HttpStatusCode.NotFound, ChatErrorCodes.MessageNotFound);
        Assert.Equal(before, await ConversationState.DescribeAsync(host, AnnaBen));
    }

    [Fact]
    public async Task No_answer_allows_another_origin_to_read_it()
    {
        var host = await StartHostAsync();
        var ben = host.CreateClient(Ben.Id);
        using var read = new HttpRequestMessage(HttpMethod.Get, "/chat/conversations");
        read.Headers.Add("Origin", "https://elsewhere.example");
        using var preflight = new HttpRequestMessage(HttpMethod.Options, ChatHttp.MessagesPath(AnnaBen));
        preflight.Headers.Add("Origin", "https://elsewhere.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");

        using var readAnswer = await ben.SendAsync(read, Cancellation);
        using var preflightAnswer = await ben.SendAsync(preflight, Cancellation);

        Assert.Equal(HttpStatusCode.OK, readAnswer.StatusCode);
        Assert.False(readAnswer.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(preflightAnswer.IsSuccessStatusCode, $"The preflight was answered {(int)preflightAnswer.StatusCode}.");
        Assert.False(preflightAnswer.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(preflightAnswer.Headers.Contains("Access-Control-Allow-Methods"));
    }

    [Fact]
    public async Task Reading_changes_nothing_not_even_the_read_marker()
    {
        var host = await StartHostAsync();
        var ben = host.CreateClient(Ben.Id);
        await host.CreateClient(Anna.Id).SendMessageAsync(AnnaBen, "unread until Ben says so");
        var before = await ConversationState.DescribeAsync(host, AnnaBen);

        // Every GET a cross-site page could make a signed-in browser send, image-tag style.
        foreach (var path in new[]
        {
            "/chat/conversations",
            ChatHttp.ConversationPath(AnnaBen),
            ChatHttp.MessagesPath(AnnaBen),
            ChatHttp.ChangesPath(AnnaBen),
            ChatHttp.ChangesPath(AnnaBen, "0.0"),
            "/chat/me",
        })
        {
            using var response = await ben.GetAsync(path, Cancellation);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(before, await ConversationState.DescribeAsync(host, AnnaBen));
        Assert.Equal(1, Assert.Single((await ben.GetInboxAsync()).Conversations, c => c.Id == AnnaBen).UnreadCount);
    }

    /// <summary>A refusal reduced to what a caller can compare: status, code and detail.</summary>
    private static async Task<(HttpStatusCode Status, string? Code, string? Detail)> ProblemOfAsync(HttpClient client, string method, string path, object? body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await client.SendAsync(request, Cancellation);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation));
        return (response.StatusCode, problem.RootElement.GetProperty("code").GetString(), problem.RootElement.GetProperty("detail").GetString());
    }
}
