// A conversation through the C# client Kiota generates from the sample's OpenAPI document
// (Client/, namespace BstChat.Generated): every call below is a generated builder, and every
// refusal a generated exception carrying its problem code as a generated enum.
//
//   dotnet run -- http://127.0.0.1:PORT      (the sample, signed in through /login)
using System.Net;
using BstChat.Generated;
using BstChat.Generated.Models;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using HistoryErrors = BstChat.Generated.Chat.Conversations.Item.Messages;
using MessageErrors = BstChat.Generated.Chat.Conversations.Item.Messages.Item;
using ConversationErrors = BstChat.Generated.Chat.Conversations.Item;
using InboxErrors = BstChat.Generated.Chat.Conversations;

var baseUrl = args.Length == 1 ? args[0] : throw new ArgumentException("usage: dotnet run -- <sample base URL>");
const string Conversation = "anna-ben";
var anna = await SignInAsync("anna");
var ben = await SignInAsync("ben");
var refusals = new List<string>();

// Ben long-polls; Anna sends; the held request answers with her message.
var start = await ben.Chat.Conversations[Conversation].Changes.GetAsync() ?? throw new InvalidOperationException("no changes answer");
var held = ben.Chat.Conversations[Conversation].Changes.GetAsync(c => (c.QueryParameters.Cursor, c.QueryParameters.Wait) = (start.Cursor, 20));
var clientMessageId = $"kiota-{Guid.NewGuid():N}";
var sent = await anna.Chat.Conversations[Conversation].Messages.PostAsync(new SendMessageRequest { Text = "From the Kiota client", ClientMessageId = clientMessageId })
    ?? throw new InvalidOperationException("no message");
Check(sent.Text == "From the Kiota client", "the message as sent");
Check((await held)?.Messages?.Any(m => m.Id == sent.Id) == true, "the held request carried the send");

// A replay answers with the first message; the message reads back by its id.
var replay = await anna.Chat.Conversations[Conversation].Messages.PostAsync(new SendMessageRequest { Text = "From the Kiota client", ClientMessageId = clientMessageId });
Check(replay?.Id == sent.Id && replay?.Seq == sent.Seq, "a replay answers with the first message");
Check((await ben.Chat.Conversations[Conversation].Messages[sent.Id!].GetAsync())?.Text == sent.Text, "GET of one message");

// Paging.
var latest = await ben.Chat.Conversations[Conversation].Messages.GetAsync(c => c.QueryParameters.Limit = 1);
Check(latest?.Messages?.LastOrDefault()?.Id == sent.Id, "the latest page of one ends at the message");
var older = await ben.Chat.Conversations[Conversation].Messages.GetAsync(c => (c.QueryParameters.Before, c.QueryParameters.Limit) = (sent.Seq, 1));
Check(older?.Messages?.All(m => m.Seq < sent.Seq) == true, "the page before holds only older messages");

// Edit, typing, read marker, delete, as the feed shows them.
Check((await anna.Chat.Conversations[Conversation].Messages[sent.Id!].PatchAsync(new EditMessageRequest { Text = "Edited" }))?.Text == "Edited", "the edit");
await anna.Chat.Conversations[Conversation].Typing.PostAsync(new TypingRequest());
await ben.Chat.Conversations[Conversation].Read.PostAsync(new MarkReadRequest { Seq = sent.Seq });
var seen = await anna.Chat.Conversations[Conversation].Changes.GetAsync(c => (c.QueryParameters.Cursor, c.QueryParameters.Wait) = (start.Cursor, 0));
Check(seen?.Messages?.SingleOrDefault(m => m.Id == sent.Id)?.Text == "Edited", "the feed shows the edit");
Check(seen?.ReadMarkers?.Any(r => r.UserId == "ben" && r.LastReadSeq >= sent.Seq) == true, "the feed shows Ben's read marker");
await anna.Chat.Conversations[Conversation].Messages[sent.Id!].DeleteAsync();
Check((await ben.Chat.Conversations[Conversation].Messages[sent.Id!].GetAsync())?.DeletedAt is not null, "the tombstone");
Check((await ben.Chat.Changes.GetAsync(c => c.QueryParameters.Wait = 0))?.Conversations?.Any(c => c.Id == Conversation) == true, "the user feed");

// Refusals, each a generated exception with its code.
try
{
    await anna.Chat.Conversations[Conversation].Messages.PostAsync(new SendMessageRequest { Text = "" });
    Fail("an empty message was accepted");
}
catch (HistoryErrors.MessageResponse400Error e)
{
    Check(e.Code == HistoryErrors.MessageResponse400Error_code.Empty_text, $"empty text refused with {e.Code}");
    refusals.Add("empty_text");
}

try
{
    await anna.Chat.Conversations[Conversation].Messages[sent.Id!].PatchAsync(new EditMessageRequest { Text = "too late" });
    Fail("a deleted message was edited");
}
catch (MessageErrors.MessageResponse409Error e)
{
    Check(e.Code == MessageErrors.MessageResponse409Error_code.Message_deleted, $"edit of a deleted message refused with {e.Code}");
    refusals.Add("message_deleted");
}

try
{
    await anna.Chat.Conversations[Conversation].Messages.GetAsync(c => c.QueryParameters.Limit = 1_000_000);
    Fail("an over-large page was answered");
}
catch (HistoryErrors.HistoryResponse400Error e)
{
    Check(e.Code == HistoryErrors.HistoryResponse400Error_code.Invalid_limit, $"over-large page refused with {e.Code}");
    refusals.Add("invalid_limit");
}

try
{
    await anna.Chat.Conversations["lesson-nobody-has"].GetAsync();
    Fail("a conversation nobody has was answered");
}
catch (ConversationErrors.ConversationResponse404Error e)
{
    Check(e.Code == ConversationErrors.ConversationResponse404Error_code.Conversation_not_found, $"unknown conversation refused with {e.Code}");
    refusals.Add("conversation_not_found");
}

try
{
    await Client(new HttpClient()).Chat.Conversations.GetAsync();
    Fail("an anonymous inbox was answered");
}
catch (InboxErrors.InboxResponse401Error e)
{
    Check(e.Code == InboxErrors.InboxResponse401Error_code.Unauthenticated, $"anonymous call refused with {e.Code}");
    refusals.Add("unauthenticated");
}

Console.WriteLine($"conversation complete; refusals seen: {string.Join(", ", refusals)}");
return 0;

async Task<ChatApiClient> SignInAsync(string user)
{
    var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() });
    using var response = await http.GetAsync($"{baseUrl}/login?user={user}");
    Check(response.StatusCode == HttpStatusCode.Redirect, $"{user} signed in");
    return Client(http);
}

ChatApiClient Client(HttpClient http) =>
    new(new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http) { BaseUrl = baseUrl });

static void Check(bool condition, string what)
{
    if (!condition)
    {
        Fail(what);
    }
}

static void Fail(string what) => throw new InvalidOperationException($"Failed: {what}");
