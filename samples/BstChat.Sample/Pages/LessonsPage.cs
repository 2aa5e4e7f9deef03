using System.Globalization;
using System.Security.Claims;
using System.Text;

namespace BstChat.Sample.Pages;

/// <summary>
/// <c>GET /lessons</c>: the signed-in user's conversations with unread badges. The badges are
/// rendered here and then kept current by <c>wwwroot/lessons.js</c>, which follows the browser's
/// shared user feed (<c>watchInbox</c>): a badge changes the moment a message arrives, and nothing polls.
/// </summary>
internal static class LessonsPage
{
    public static void MapLessonsPage(this IEndpointRouteBuilder app) =>
        app.MapGet("/lessons", RenderAsync).RequireAuthorization().ExcludeFromDescription();

    private static async Task<IResult> RenderAsync(HttpContext http, IChatService chat)
    {
        var userId = http.User.FindFirstValue(ClaimTypes.NameIdentifier)!;
        var inbox = (await chat.GetInboxAsync(userId, http.RequestAborted)).Conversations;
        var body = new StringBuilder("<h1>Your lessons</h1>");
        if (inbox.Count == 0)
        {
            body.Append("<p>No lessons yet.</p>");
        }

        body.Append("<ul class=\"lessons\">");
        foreach (var entry in inbox)
        {
            var id = Layout.Encode(entry.Conversation.Id);
            var preview = entry.LastMessage is { } last ? Preview(last) : "";
            body.Append(CultureInfo.InvariantCulture, $"""
                <li data-conversation="{id}">
                <a href="/lessons/{Layout.Encode(Uri.EscapeDataString(entry.Conversation.Id))}">{Layout.Isolate(entry.Conversation.Title)}</a>
                <span class="badge" data-unread aria-label="{entry.UnreadCount} unread"{(entry.UnreadCount == 0 ? " hidden" : "")}>{entry.UnreadCount}</span>
                <div class="preview muted" data-preview>{preview}</div>
                </li>
                """);
        }

        body.Append("</ul>");
        return Layout.Page(http, "Your lessons", body.ToString(), moduleScript: "/lessons.js");
    }

    /// <summary>"Anna: see you at 5" as HTML, each part isolated, as lessons.js writes it when the inbox changes.</summary>
    private static string Preview(Message message) =>
        message.SenderName.Length == 0 ? Layout.Isolate(message.Text) : $"{Layout.Isolate(message.SenderName)}: {Layout.Isolate(message.Text)}";
}
