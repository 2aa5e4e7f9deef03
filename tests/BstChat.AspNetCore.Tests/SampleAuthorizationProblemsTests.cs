using System.Net;
using BstChat.AspNetCore.Tests.Infrastructure;

namespace BstChat.AspNetCore.Tests;

/// <summary>
/// The sample's cookie sign-in with <c>AddAuthorizationProblems()</c>: an anonymous chat call is
/// 401 problem details like every other refusal of the API, while its pages still send an
/// anonymous visitor to the sign-in page.
/// </summary>
public sealed class SampleAuthorizationProblemsTests : IAsyncLifetime
{
    private SampleSite _site = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _site = SampleSite.Start(new Dictionary<string, string?> { ["Chat:Store"] = "InMemory" });
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _site.DisposeAsync();

    [Fact]
    public async Task An_anonymous_chat_call_is_401_problem_details_with_the_unauthenticated_code()
    {
        var anonymous = _site.CreateCookieClient();

        using var inbox = await anonymous.GetAsync("/chat/conversations", Cancellation);
        using var send = await anonymous.PostMessageAsync(ChatSeed.Lesson, "Hello?");

        await inbox.AssertProblemAsync(HttpStatusCode.Unauthorized, ChatErrorCodes.Unauthenticated);
        await send.AssertProblemAsync(HttpStatusCode.Unauthorized, ChatErrorCodes.Unauthenticated);
        Assert.Null(inbox.Headers.Location);
        SecurityHeaderAssert.HasSecurityHeaders(inbox, "the chat's 401");
    }

    [Fact]
    public async Task An_anonymous_visit_to_a_page_is_still_sent_to_the_sign_in_page()
    {
        using var response = await _site.CreateCookieClient().GetAsync("/lessons", Cancellation);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location ?? throw new InvalidOperationException("The redirect has no Location.");
        Assert.StartsWith("/?ReturnUrl=", location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString, StringComparison.Ordinal);
    }
}
