using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;

namespace BstChat.Sample.Pages;

/// <summary>The shell every sample page shares: head, header with the signed-in user, and body. Everything given as text is HTML-encoded here.</summary>
internal static class Layout
{
    /// <summary>Renders a page around <paramref name="body"/>, which the caller has built from encoded parts.</summary>
    public static IResult Page(HttpContext http, string title, string body, string? moduleScript = null, int statusCode = StatusCodes.Status200OK)
    {
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{Encode(title)} · BstChat lessons</title>
            <link rel="icon" href="/favicon.svg" type="image/svg+xml">
            <link rel="stylesheet" href="/site.css">
            </head>
            <body>
            <header><a class="brand" href="/">BstChat lessons</a>
            """);
        if (http.User.Identity?.IsAuthenticated == true)
        {
            var name = http.User.FindFirstValue(ClaimTypes.Name) ?? "";
            html.Append(CultureInfo.InvariantCulture, $"""<span class="who">Signed in as <strong>{Isolate(name)}</strong> · <a href="/logout">Sign out</a></span>""");
        }

        html.Append(CultureInfo.InvariantCulture, $"</header>\n<main>\n{body}\n</main>\n");
        if (moduleScript is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<script type=\"module\" src=\"{Encode(moduleScript)}\"></script>\n");
        }

        html.Append("</body>\n</html>\n");
        return Results.Content(html.ToString(), "text/html; charset=utf-8", Encoding.UTF8, statusCode);
    }

    /// <summary>HTML-encodes text for an element's content or a quoted attribute.</summary>
    public static string Encode(string text) => HtmlEncoder.Default.Encode(text);

    /// <summary>
    /// A user's string (a name, a title, a message), encoded and isolated in its own
    /// <c>&lt;bdi dir="auto"&gt;</c>, so right-to-left text or a bidi control in it cannot
    /// reorder what the page writes after it.
    /// </summary>
    public static string Isolate(string text) => $"<bdi dir=\"auto\">{Encode(text)}</bdi>";
}
