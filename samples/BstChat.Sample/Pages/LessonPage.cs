using System.Security.Claims;

namespace BstChat.Sample.Pages;

/// <summary>
/// <c>GET /lessons/{id}</c>: one lesson with the <c>&lt;bst-chat&gt;</c> widget, and the user's other lessons in a
/// <c>&lt;bst-inbox&gt;</c> beside it; 404 for anyone not in it. Both run on the browser's one shared user feed.
/// </summary>
internal static class LessonPage
{
    /// <summary>Where <c>&lt;bst-inbox&gt;</c> links each conversation: its lesson page.</summary>
    private const string LessonLinks = "/lessons/{id}";

    public static void MapLessonPage(this IEndpointRouteBuilder app) =>
        app.MapGet("/lessons/{conversationId}", RenderAsync).RequireAuthorization().ExcludeFromDescription();

    private static async Task<IResult> RenderAsync(string conversationId, HttpContext http, IChatService chat)
    {
        var userId = http.User.FindFirstValue(ClaimTypes.NameIdentifier)!;
        ConversationDetails details;
        try
        {
            details = await chat.GetConversationAsync(conversationId, userId, http.RequestAborted);
        }
        catch (ChatException e) when (e.Kind is ChatErrorKind.NotFound or ChatErrorKind.Invalid)
        {
            return Layout.Page(http, "Not found", "<h1>Lesson not found</h1><p><a href=\"/lessons\">Back to your lessons</a></p>",
                statusCode: StatusCodes.Status404NotFound);
        }

        var title = Layout.Isolate(details.Conversation.Title);
        var members = string.Join(", ", details.Members.Select(m => Layout.Isolate(m.DisplayName)));
        var body = $"""
            <p><a href="/lessons">← All lessons</a></p>
            <h1>{title}</h1>
            <p class="muted">With {members}</p>
            <bst-chat conversation="{Layout.Encode(details.Conversation.Id)}" base-url="/chat"></bst-chat>
            <h2>Your lessons</h2>
            <bst-inbox base-url="/chat" href-template="{LessonLinks}" current="{Layout.Encode(details.Conversation.Id)}"></bst-inbox>
            <script type="module" src="/chat/bstchat-inbox.js"></script>
            """;
        return Layout.Page(http, details.Conversation.Title, body, moduleScript: "/chat/bstchat-element.js");
    }
}
