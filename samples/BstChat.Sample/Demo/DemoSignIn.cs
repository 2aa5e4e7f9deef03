using System.Diagnostics.CodeAnalysis;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace BstChat.Sample.Demo;

/// <summary>
/// The demo's sign-in: <c>GET /login?user=anna[&amp;returnUrl=/lessons/lesson-1]</c> sets the auth
/// cookie, <c>GET /logout</c> clears it. A real site uses its own.
/// </summary>
internal static class DemoSignIn
{
    public static void MapDemoSignIn(this IEndpointRouteBuilder app)
    {
        app.MapGet("/login", SignInAsync).ExcludeFromDescription();
        app.MapGet("/logout", SignOutAsync).ExcludeFromDescription();
    }

    /// <summary>
    /// Only a path on this site, so a crafted link cannot send a signed-in user elsewhere. The rules
    /// of ASP.NET Core's <c>UrlHelper.IsLocalUrl</c>: one leading <c>/</c>, never <c>//</c> or
    /// <c>/\</c> (both name another host to a browser), and no control character, because browsers
    /// drop tabs and line breaks, so <c>/%09/evil.test</c> arrives as <c>//evil.test</c>. Stricter
    /// still, since no link of this site needs them: no whitespace and no backslash anywhere.
    /// </summary>
    public static bool IsLocalUrl([NotNullWhen(true)] string? url) =>
        !string.IsNullOrEmpty(url)
        && url[0] == '/'
        && !url.StartsWith("//", StringComparison.Ordinal)
        && !url.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c == '\\');

    private static async Task<IResult> SignInAsync(string? user, string? returnUrl, HttpContext http)
    {
        if (DemoUsers.Find(user) is not { } found)
        {
            return Results.Problem(
                detail: $"Unknown demo user. Sign in as one of: {string.Join(", ", DemoUsers.All.Select(u => u.Id))}.",
                statusCode: StatusCodes.Status400BadRequest);
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, found.Id), new Claim(ClaimTypes.Name, found.DisplayName)],
            CookieAuthenticationDefaults.AuthenticationScheme);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        return Results.Redirect(IsLocalUrl(returnUrl) ? returnUrl : "/lessons");
    }

    private static async Task SignOutAsync(HttpContext http)
    {
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        http.Response.Redirect("/");
    }
}
