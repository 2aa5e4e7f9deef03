using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace BstChat.Sample.Demo;

/// <summary>The demo's sign-in: <c>GET /login?user=anna</c> sets the auth cookie. A real site uses its own.</summary>
internal static class DemoSignIn
{
    public static void MapDemoSignIn(this IEndpointRouteBuilder app)
    {
        app.MapGet("/login", SignInAsync);
        app.MapGet("/logout", SignOutAsync);
    }

    private static async Task<IResult> SignInAsync(string? user, HttpContext http)
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
        return Results.Redirect("/");
    }

    private static async Task SignOutAsync(HttpContext http)
    {
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        http.Response.Redirect("/");
    }
}
