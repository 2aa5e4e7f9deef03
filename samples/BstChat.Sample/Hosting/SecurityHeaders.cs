namespace BstChat.Sample.Hosting;

/// <summary>The headers every answer of the sample carries: pages, scripts, styles and the chat API alike.</summary>
internal static class SecurityHeaders
{
    /// <summary>
    /// Scripts, styles, images and connections from this site only; no plugins; never framed, so no
    /// other page (even a same-site one) can overlay a lesson and its Delete buttons; forms and
    /// <c>&lt;base&gt;</c> only to this site. The pages load their scripts from files, and the
    /// widget adopts its styles rather than inlining them, so nothing needs <c>'unsafe-inline'</c>.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// Set as the answer starts rather than now, so they survive whatever runs later and replaces
    /// the headers (the exception handler clears them before it writes a 500).
    /// </summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                // For browsers that predate frame-ancestors.
                headers.XFrameOptions = "DENY";
                headers.XContentTypeOptions = "nosniff";
                // Lesson and conversation ids in this site's URLs are nobody else's business.
                headers["Referrer-Policy"] = "no-referrer";
                return Task.CompletedTask;
            });
            return next(context);
        });
}
