namespace BstChat.AspNetCore.Tests.Infrastructure;

/// <summary>What every answer of the sample must carry: a strict Content-Security-Policy, nosniff, no referrer, no framing.</summary>
public static class SecurityHeaderAssert
{
    /// <summary>The directives that must be there, with exactly these sources.</summary>
    private static readonly Dictionary<string, string> Required = new(StringComparer.Ordinal)
    {
        ["default-src"] = "'self'",
        ["object-src"] = "'none'",
        ["base-uri"] = "'self'",
        ["form-action"] = "'self'",
        ["frame-ancestors"] = "'none'",
    };

    public static void HasSecurityHeaders(HttpResponseMessage response, string what)
    {
        var policy = Single(response, "Content-Security-Policy", what);
        var directives = policy.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d.Split(' ', 2, StringSplitOptions.TrimEntries))
            .ToDictionary(d => d[0], d => d.Length > 1 ? d[1] : "", StringComparer.Ordinal);
        foreach (var (name, sources) in Required)
        {
            Assert.True(directives.TryGetValue(name, out var actual) && actual == sources, $"{what}: CSP '{policy}' lacks {name} {sources}.");
        }

        // Nothing beyond this site: no 'unsafe-inline', no hosts, no data: or blob: anywhere.
        Assert.All(directives, d => Assert.True(d.Value is "'self'" or "'none'", $"{what}: CSP directive {d.Key} allows {d.Value}."));
        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options", what));
        Assert.Equal("no-referrer", Single(response, "Referrer-Policy", what));
        Assert.Equal("DENY", Single(response, "X-Frame-Options", what));
    }

    private static string Single(HttpResponseMessage response, string header, string what) =>
        response.Headers.TryGetValues(header, out var values)
            ? Assert.Single(values)
            : throw new Xunit.Sdk.XunitException($"{what} ({(int)response.StatusCode}) has no {header} header.");
}
