using System.Net;
using System.Text;
using System.Text.Json;
using BstChat.AspNetCore.Tests.Infrastructure;
using static BstChat.AspNetCore.Tests.Infrastructure.ChatSeed;

namespace BstChat.AspNetCore.Tests;

// Every refusal of bad input: the status, application/problem+json with its stable code, and
// nothing stored. Each request is Ben's, on anna-ben, after this history:
//   seq 1 Anna "first"; seq 2 Ben "mine" (clientMessageId c-1); seq 3 Ben "gone"; seq 4 "gone" deleted.
public abstract partial class ChatApiTests
{
    private const string JsonType = "application/json";
    private const string MessagesUrl = $"/chat/conversations/{AnnaBen}/messages";
    private const string ChangesUrl = $"/chat/conversations/{AnnaBen}/changes";
    private const string TypingUrl = $"/chat/conversations/{AnnaBen}/typing";
    private const string ReadUrl = $"/chat/conversations/{AnnaBen}/read";

    // Placeholders for the ids made by the history above.
    private const string Mine = "{mine}";
    private const string Gone = "{gone}";

    private static readonly string TooLongText = new('x', ChatTestHost.MaxMessageLength + 1);
    private static readonly string TooLongId = new('a', 65);
    private static readonly string OverBodyLimit = $$"""{"text":"{{new string('x', ChatTestHost.MaxRequestBodyBytes)}}"}""";

    private static readonly Dictionary<string, BadRequest> BadRequests = new()
    {
        ["text longer than MaxMessageLength"] = new("POST", MessagesUrl, JsonType, $$"""{"text":"{{TooLongText}}"}""", HttpStatusCode.BadRequest, ChatErrorCodes.TextTooLong),
        ["edit to text longer than MaxMessageLength"] = new("PATCH", $"{MessagesUrl}/{Mine}", JsonType, $$"""{"text":"{{TooLongText}}"}""", HttpStatusCode.BadRequest, ChatErrorCodes.TextTooLong),
        ["empty text"] = new("POST", MessagesUrl, JsonType, """{"text":""}""", HttpStatusCode.BadRequest, ChatErrorCodes.EmptyText),
        ["white-space text"] = new("POST", MessagesUrl, JsonType, """{"text":" \n\t "}""", HttpStatusCode.BadRequest, ChatErrorCodes.EmptyText),
        ["missing text"] = new("POST", MessagesUrl, JsonType, """{"clientMessageId":"c-2"}""", HttpStatusCode.BadRequest, ChatErrorCodes.EmptyText),
        ["null text"] = new("POST", MessagesUrl, JsonType, """{"text":null}""", HttpStatusCode.BadRequest, ChatErrorCodes.EmptyText),
        ["edit to white-space text"] = new("PATCH", $"{MessagesUrl}/{Mine}", JsonType, """{"text":"  "}""", HttpStatusCode.BadRequest, ChatErrorCodes.EmptyText),
        ["text with NUL"] = new("POST", MessagesUrl, JsonType, """{"text":"a\u0000b"}""", HttpStatusCode.BadRequest, ChatErrorCodes.InvalidText),
        ["text with a bell character"] = new("POST", MessagesUrl, JsonType, """{"text":"ding\u0007"}""", HttpStatusCode.BadRequest, ChatErrorCodes.InvalidText),
        ["text with a lone high surrogate"] = new("POST", MessagesUrl, JsonType, """{"text":"\ud800"}""", HttpStatusCode.BadRequest, ChatErrorCodes.InvalidText),
        ["text with a lone low surrogate"] = new("POST", MessagesUrl, JsonType, """{"text":"a\udc00b"}""", HttpStatusCode.BadRequest, ChatErrorCodes.InvalidText),
        ["edit to text with a lone surrogate"] = new("PATCH", $"{MessagesUrl}/{Mine}", JsonType, """{"text":"\ud800"}""", HttpStatusCode.BadRequest, ChatErrorCodes.InvalidText),

        ["conversation id of 65 characters"] = new("POST", $"/chat/conversations/{TooLongId}/messages", JsonType, """{"text":"hi"}""", HttpStatusCode.BadRequest, ChatErrorCodes.InvalidConversationId),
        ["conversation id with a space, on the conversation"] = new("GET", "/chat/conversations/bad%20id", null, null, HttpStatusCode.BadRequest, ChatErrorCodes.InvalidConversationId),
        ["conversation id with a space, on history"] = new("GET", "/chat/conversations/bad%20id/messages", null, null, HttpStatusCode.BadRequest, ChatErrorCodes.InvalidConversationId),
        ["conversation id with a space, on changes"] = new("GET", "/chat/conversations/bad%20id/changes", null, null, HttpStatusCode.BadRequest, ChatErrorCodes.InvalidConversationId),
        ["conversation id with a space, on typing"] = new("POST", "/chat/conversations/bad%20id/typing", JsonType, "{}", HttpStatusCode.BadRequest, ChatErrorCodes.InvalidConversationId),
        ["conversation id with a space, on read"] = new("POST", "/chat/conversations/bad%20id/read", JsonType, """{"seq":0}""", HttpStatusCode.BadRequest, ChatErrorCodes.InvalidConversationId),

        ["clientMessageId with a space"] = new("POST", MessagesUrl, JsonType, """{"text":"hi","clientMessageId":"c 3"}""", HttpStatusCode.BadRequest, ChatErrorCodes.InvalidClientMessageId),
        ["empty clientMessageId"] = new("POST", MessagesUrl, JsonType, """{"text":"hi","clientMessageId":""}""", HttpStatusCode.BadRequest, ChatErrorCodes.InvalidClientMessageId),
        ["clientMessageId of 65 characters"] = new("POST", MessagesUrl, JsonType, $$"""{"text":"hi","clientMessageId":"{{TooLongId}}"}""", HttpStatusCode.BadRequest, ChatErrorCodes.InvalidClientMessageId),

        ["message id with a space, on edit"] = new("PATCH", $"{MessagesUrl}/bad%20id", JsonType, """{"text":"hi"}""", HttpStatusCode.BadRequest, ChatErrorCodes.InvalidMessageId),
        ["message id of 65 characters, on delete"] = new("DELETE", $"{MessagesUrl}/{TooLongId}", null, null, HttpStatusCode.BadRequest, ChatErrorCodes.InvalidMessageId),
        ["unknown message, on edit"] = new("PATCH", $"{MessagesUrl}/no-such-message", JsonType, """{"text":"hi"}""", HttpStatusCode.NotFound, ChatErrorCodes.MessageNotFound),
        ["unknown message, on delete"] = new("DELETE", $"{MessagesUrl}/no-such-message", null, null, HttpStatusCode.NotFound, ChatErrorCodes.MessageNotFound),

        ["cursor that is not a cursor"] = new("GET", $"{ChangesUrl}?cursor=abc", null, null, HttpStatusCode.BadRequest, ChatErrorCodes.InvalidCursor),
        ["cursor without its state part"] = new("GET", $"{ChangesUrl}?cursor=1.", null, null, HttpStatusCode.BadRequest, ChatErrorCodes.InvalidCursor),
        ["cursor with a negative seq"] = new("GET", $"{ChangesUrl}?cursor=-1.0", null, null, HttpStatusCode.BadRequest, ChatErrorCodes.InvalidCursor),
        ["cursor given twice"] = new("GET", $"{ChangesUrl}?cursor=0.0&cursor=0.0", null, null, HttpStatusCode.BadRequest, ChatErrorCodes.InvalidCursor),
        ["cursor ahead of lastSeq"] = new("GET", $"{ChangesUrl}?cursor=5.0", null, null, HttpStatusCode.BadRequest, ChatErrorCodes.InvalidCursor),
        ["wait of -1"] = new("GET", $"{ChangesUrl}?wait=-1", null, null, HttpStatusCode.BadRequest, ChatErrorCodes.InvalidWait),
        ["wait of abc"] = new("GET", $"{ChangesUrl}?wait=abc", null, null, HttpStatusCode.BadRequest, ChatErrorCodes.InvalidWait),
        ["wait of 1.5"] = new("GET", $"{ChangesUrl}?wait=1.5", null, null, HttpStatusCode.BadRequest, ChatErrorCodes.InvalidWait),
        ["limit of 0"] = new("GET", $"{MessagesUrl}?limit=0", null, null, HttpStatusCode.BadRequest, ChatErrorCodes.InvalidLimit),
        ["limit of 201"] = new("GET", $"{MessagesUrl}?limit=201", null, null, HttpStatusCode.BadRequest, ChatErrorCodes.InvalidLimit),
        ["limit of abc"] = new("GET", $"{MessagesUrl}?limit=abc", null, null, HttpStatusCode.BadRequest, ChatErrorCodes.InvalidLimit),
        ["before of 0"] = new("GET", $"{MessagesUrl}?before=0", null, null, HttpStatusCode.BadRequest, ChatErrorCodes.InvalidBefore),
        ["before of -5"] = new("GET", $"{MessagesUrl}?before=-5", null, null, HttpStatusCode.BadRequest, ChatErrorCodes.InvalidBefore),

        ["malformed JSON"] = new("POST", MessagesUrl, JsonType, """{"text":""", HttpStatusCode.BadRequest, ChatErrorCodes.InvalidJson),
        ["a JSON array"] = new("POST", MessagesUrl, JsonType, """["hi"]""", HttpStatusCode.BadRequest, ChatErrorCodes.InvalidJson),
        ["JSON null"] = new("POST", MessagesUrl, JsonType, "null", HttpStatusCode.BadRequest, ChatErrorCodes.InvalidJson),
        ["an empty JSON body"] = new("POST", MessagesUrl, JsonType, "", HttpStatusCode.BadRequest, ChatErrorCodes.InvalidJson),
        ["text that is a number"] = new("POST", MessagesUrl, JsonType, """{"text":5}""", HttpStatusCode.BadRequest, ChatErrorCodes.InvalidJson),
        ["clientMessageId that is a number"] = new("POST", MessagesUrl, JsonType, """{"text":"hi","clientMessageId":7}""", HttpStatusCode.BadRequest, ChatErrorCodes.InvalidJson),
        ["read seq that is a string"] = new("POST", ReadUrl, JsonType, """{"seq":"2"}""", HttpStatusCode.BadRequest, ChatErrorCodes.InvalidJson),
        ["read seq that is a fraction"] = new("POST", ReadUrl, JsonType, """{"seq":1.5}""", HttpStatusCode.BadRequest, ChatErrorCodes.InvalidJson),

        ["send as text/plain"] = new("POST", MessagesUrl, "text/plain", """{"text":"hi"}""", HttpStatusCode.UnsupportedMediaType, ChatErrorCodes.UnsupportedMediaType),
        ["send as a form"] = new("POST", MessagesUrl, "application/x-www-form-urlencoded", "text=hi", HttpStatusCode.UnsupportedMediaType, ChatErrorCodes.UnsupportedMediaType),
        ["send without a content type"] = new("POST", MessagesUrl, null, """{"text":"hi"}""", HttpStatusCode.UnsupportedMediaType, ChatErrorCodes.UnsupportedMediaType),
        ["edit as text/plain"] = new("PATCH", $"{MessagesUrl}/{Mine}", "text/plain", """{"text":"hi"}""", HttpStatusCode.UnsupportedMediaType, ChatErrorCodes.UnsupportedMediaType),
        ["typing as text/plain"] = new("POST", TypingUrl, "text/plain", "{}", HttpStatusCode.UnsupportedMediaType, ChatErrorCodes.UnsupportedMediaType),
        ["typing as a form"] = new("POST", TypingUrl, "application/x-www-form-urlencoded", "", HttpStatusCode.UnsupportedMediaType, ChatErrorCodes.UnsupportedMediaType),
        // Typing with no body at all is accepted (ChatApiTests.Typing.cs); a body that is not JSON is not.
        ["typing with a body but no content type"] = new("POST", TypingUrl, null, "{}", HttpStatusCode.UnsupportedMediaType, ChatErrorCodes.UnsupportedMediaType),
        ["read as text/plain"] = new("POST", ReadUrl, "text/plain", """{"seq":1}""", HttpStatusCode.UnsupportedMediaType, ChatErrorCodes.UnsupportedMediaType),

        ["body over MaxRequestBodyBytes"] = new("POST", MessagesUrl, JsonType, OverBodyLimit, HttpStatusCode.RequestEntityTooLarge, ChatErrorCodes.BodyTooLarge),
        ["body over MaxRequestBodyBytes, chunked"] = new("POST", MessagesUrl, JsonType, OverBodyLimit, HttpStatusCode.RequestEntityTooLarge, ChatErrorCodes.BodyTooLarge, Chunked: true),
        ["edit body over MaxRequestBodyBytes, chunked"] = new("PATCH", $"{MessagesUrl}/{Mine}", JsonType, OverBodyLimit, HttpStatusCode.RequestEntityTooLarge, ChatErrorCodes.BodyTooLarge, Chunked: true),
        ["read body over MaxRequestBodyBytes"] = new("POST", ReadUrl, JsonType, $$"""{"seq":1{{new string(' ', ChatTestHost.MaxRequestBodyBytes)}}}""", HttpStatusCode.RequestEntityTooLarge, ChatErrorCodes.BodyTooLarge),

        ["read seq above lastSeq"] = new("POST", ReadUrl, JsonType, """{"seq":5}""", HttpStatusCode.BadRequest, ChatErrorCodes.InvalidReadSeq),
        ["read seq below 0"] = new("POST", ReadUrl, JsonType, """{"seq":-1}""", HttpStatusCode.BadRequest, ChatErrorCodes.InvalidReadSeq),
        ["read without seq"] = new("POST", ReadUrl, JsonType, "{}", HttpStatusCode.BadRequest, ChatErrorCodes.InvalidReadSeq),

        ["same clientMessageId with different text"] = new("POST", MessagesUrl, JsonType, """{"text":"not mine","clientMessageId":"c-1"}""", HttpStatusCode.Conflict, ChatErrorCodes.IdempotencyConflict),
        ["edit of a deleted message"] = new("PATCH", $"{MessagesUrl}/{Gone}", JsonType, """{"text":"back"}""", HttpStatusCode.Conflict, ChatErrorCodes.MessageDeleted),
    };

    public static TheoryData<string> BadRequestNames => [.. BadRequests.Keys];

    [Theory]
    [MemberData(nameof(BadRequestNames))]
    public async Task Bad_input_is_refused_with_its_code_and_stores_nothing(string name)
    {
        var bad = BadRequests[name];
        var host = await StartHostAsync();
        var anna = host.CreateClient(Anna.Id);
        var ben = host.CreateClient(Ben.Id);
        await anna.SendMessageAsync(AnnaBen, "first");
        var mine = await ben.SendMessageAsync(AnnaBen, "mine", "c-1");
        var gone = await ben.SendMessageAsync(AnnaBen, "gone");
        using (var delete = await ben.DeleteMessageAsync(AnnaBen, gone.Id))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        var before = await ConversationState.DescribeAsync(host, AnnaBen);
        using var request = new HttpRequestMessage(new HttpMethod(bad.Method), bad.Path.Replace(Mine, mine.Id).Replace(Gone, gone.Id))
        {
            Content = bad.CreateContent(),
        };
        using var response = await ben.SendAsync(request, Cancellation);

        await response.AssertProblemAsync(bad.Status, bad.Code);
        Assert.Equal(before, await ConversationState.DescribeAsync(host, AnnaBen));
    }

    [Theory]
    [InlineData("limit=0", 0, null)]
    [InlineData("limit=201", 201, null)]
    [InlineData("before=0", null, 0L)]
    public async Task A_query_argument_out_of_range_is_refused_in_the_same_words_over_HTTP_as_by_the_service(string query, int? limit, long? before)
    {
        var host = await StartHostAsync();

        using var response = await host.CreateClient(Ben.Id).GetAsync($"{MessagesUrl}?{query}", Cancellation);
        var direct = await Assert.ThrowsAsync<ChatException>(
            () => host.UseChatAsync(chat => chat.GetHistoryAsync(AnnaBen, Ben.Id, before, limit, Cancellation).AsTask()));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, direct.Code);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation));
        Assert.Equal(direct.Message, problem.RootElement.GetProperty("detail").GetString());
    }

    /// <summary>One bad request and the refusal it must get.</summary>
    private sealed record BadRequest(string Method, string Path, string? ContentType, string? Body, HttpStatusCode Status, string Code, bool Chunked = false)
    {
        public HttpContent? CreateContent()
        {
            if (Body is null)
            {
                return null;
            }

            var bytes = Encoding.UTF8.GetBytes(Body);
            if (Chunked)
            {
                return new ChunkedContent(bytes, ContentType ?? throw new InvalidOperationException("A chunked case needs a content type."));
            }

            var content = new ByteArrayContent(bytes);
            if (ContentType is not null)
            {
                content.Headers.ContentType = new(ContentType);
            }

            return content;
        }
    }
}
