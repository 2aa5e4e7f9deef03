using System.Net;
using BstChat.AspNetCore.Tests.Infrastructure;

namespace BstChat.AspNetCore.Tests;

/// <summary>
/// <c>/login?returnUrl=</c> sends the signed-in user only to a path on this site: anything a browser
/// could read as another host (after dropping tabs and line breaks, or turning <c>\</c> into
/// <c>/</c>) falls back to <c>/lessons</c>.
/// </summary>
public sealed class SampleSignInRedirectTests : IAsyncLifetime
{
    private const string Fallback = "/lessons";

    private SampleSite _site = null!;

    public ValueTask InitializeAsync()
    {
        _site = SampleSite.Start(new Dictionary<string, string?> { ["Chat:Store"] = "InMemory" });
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _site.DisposeAsync();

    /// <summary>The returnUrl exactly as written in the link's query string, and where the user must land.</summary>
    public static TheoryData<string, string> ReturnUrls => new()
    {
        // Paths on this site.
        { "%2Flessons%2Flesson-1%3Fx%3D1", "/lessons/lesson-1?x=1" },
        { "/lessons/lesson-1", "/lessons/lesson-1" },
        { "%2F", "/" },
        { "%2Flessons%2Fmy%2520lesson", "/lessons/my%20lesson" },
        // Another host, as a browser reads it.
        { "//evil.test", Fallback },
        { "%2F%2Fevil.test%2Fx", Fallback },
        { "///evil.test", Fallback },
        { "/%5Cevil.test", Fallback },
        { "/lessons%5C..%5C%5Cevil.test", Fallback },
        // Browsers drop tabs and line breaks, so these are //evil.test; other control characters and whitespace too.
        { "/%09/evil.test/x", Fallback },
        { "/%0A/evil.test", Fallback },
        { "/%0D/evil.test", Fallback },
        { "/%0D%0A/evil.test", Fallback },
        { "/%00/evil.test", Fallback },
        { "/lessons%7F", Fallback },
        { "/%20/evil.test", Fallback },
        { "%20//evil.test", Fallback },
        { "/%C2%A0/evil.test", Fallback },
        { "/%E3%80%80/evil.test", Fallback },
        // Not a path at all.
        { "https://evil.test/x", Fallback },
        { "http%3A%2F%2Fevil.test", Fallback },
        { "javascript:alert(1)", Fallback },
        { "JavaScript%3Aalert(1)", Fallback },
        { "evil.test", Fallback },
        { "~/lessons", Fallback },
        { "", Fallback },
    };

    [Theory]
    [MemberData(nameof(ReturnUrls))]
    public async Task Signing_in_returns_only_to_a_path_on_this_site(string returnUrl, string expected)
    {
        using var response = await _site.CreateCookieClient().GetAsync($"/login?user=ben&returnUrl={returnUrl}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location?.OriginalString);
    }

    [Theory]
    [MemberData(nameof(ReturnUrls))]
    public async Task The_sign_in_page_passes_on_only_a_path_on_this_site(string returnUrl, string expected)
    {
        var page = await _site.CreateCookieClient().GetStringAsync($"/?returnUrl={returnUrl}", TestContext.Current.CancellationToken);

        Assert.Equal(expected != Fallback, page.Contains("returnUrl=", StringComparison.Ordinal));
    }
}
