using System.Globalization;
using System.Text;
using BstChat.Sample.Demo;

namespace BstChat.Sample.Pages;

/// <summary><c>GET /</c>: pick a demo user to sign in as; signed-in users go straight to their lessons.</summary>
internal static class SignInPage
{
    public static void MapSignInPage(this IEndpointRouteBuilder app) => app.MapGet("/", Render).ExcludeFromDescription();

    private static IResult Render(HttpContext http, string? returnUrl)
    {
        if (http.User.Identity?.IsAuthenticated == true)
        {
            return Results.Redirect("/lessons");
        }

        var next = DemoSignIn.IsLocalUrl(returnUrl) ? $"&returnUrl={Uri.EscapeDataString(returnUrl)}" : "";
        var body = new StringBuilder("<h1>Sign in</h1><p>This demo has three users. Pick one; open another browser (or a private window) to be someone else.</p><ul class=\"users\">");
        foreach (var user in DemoUsers.All)
        {
            body.Append(CultureInfo.InvariantCulture,
                $"<li><a class=\"button\" href=\"/login?user={Layout.Encode(Uri.EscapeDataString(user.Id))}{Layout.Encode(next)}\">{Layout.Encode(user.DisplayName)}</a> <span class=\"muted\">{Layout.Encode(DemoUsers.RoleOf(user))}</span></li>");
        }

        body.Append("</ul>");
        return Layout.Page(http, "Sign in", body.ToString());
    }
}
