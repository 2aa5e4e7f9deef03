using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using BstChat.Sample.Demo;

namespace BstChat.Sample.Pages;

/// <summary><c>GET /</c>: the signed-in user's conversations, or the demo users to sign in as.</summary>
internal static class HomePage
{
    public static void MapHomePage(this IEndpointRouteBuilder app) => app.MapGet("/", RenderAsync);

    private static async Task<IResult> RenderAsync(HttpContext http, IChatService chat)
    {
        var html = new StringBuilder("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>BstChat lessons</title></head><body>");
        var userId = http.User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null)
        {
            html.Append("<h1>BstChat demo</h1><p>Sign in as:</p><ul>");
            foreach (var user in DemoUsers.All)
            {
                html.Append(CultureInfo.InvariantCulture, $"<li><a href=\"/login?user={Encode(user.Id)}\">{Encode(user.DisplayName)}</a> ({DemoUsers.RoleOf(user)})</li>");
            }

            html.Append("</ul>");
        }
        else
        {
            html.Append(CultureInfo.InvariantCulture, $"<h1>Hello, {Encode(http.User.Identity?.Name ?? userId)}</h1><ul>");
            foreach (var entry in await chat.GetInboxAsync(userId, http.RequestAborted))
            {
                html.Append(CultureInfo.InvariantCulture, $"<li>{Encode(entry.Conversation.Title)} <small>({entry.UnreadCount} unread)</small></li>");
            }

            html.Append("</ul><p><a href=\"/logout\">Sign out</a></p>");
        }

        return Results.Content(html.Append("</body></html>").ToString(), "text/html; charset=utf-8");
    }

    private static string Encode(string text) => HtmlEncoder.Default.Encode(text);
}
