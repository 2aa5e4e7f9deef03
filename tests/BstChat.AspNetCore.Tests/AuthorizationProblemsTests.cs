using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using BstChat.AspNetCore.Http;
using BstChat.AspNetCore.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using static BstChat.AspNetCore.Tests.Infrastructure.ChatSeed;

namespace BstChat.AspNetCore.Tests;

/// <summary>
/// <c>AddAuthorizationProblems()</c>: a chat call the host's authorization refuses is answered as
/// every other refusal is, problem details with a stable code, whatever the host's scheme: not a
/// cookie scheme's redirect to its sign-in page, nor a bearer scheme's empty 401 (whose
/// <c>WWW-Authenticate</c> stays).
/// </summary>
public sealed class AuthorizationProblemsTests : IAsyncDisposable
{
    private readonly List<ChatTestHost> _hosts = [];

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RequireAuthorization_answers_an_anonymous_call_with_401_problem_details_not_an_empty_body()
    {
        var host = await StartAsync();

        using var response = await host.CreateClient(null).GetAsync(ChatHttp.MessagesPath(Lesson), Cancellation);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, ChatErrorCodes.Unauthenticated);
        CacheControlAssert.IsPrivateNoStore(response, "the 401");
    }

    [Fact]
    public async Task With_plain_cookie_authentication_an_anonymous_call_gets_401_problem_details_not_a_redirect_to_the_sign_in_page()
    {
        var host = await StartAsync(services => services
            .AddAuthentication(o => o.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie());
        using var noRedirects = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };

        using var send = await noRedirects.PostMessageAsync(Lesson, "Hello?");
        using var inbox = await noRedirects.GetAsync("/chat/conversations", Cancellation);

        await send.AssertProblemAsync(HttpStatusCode.Unauthorized, ChatErrorCodes.Unauthenticated);
        await inbox.AssertProblemAsync(HttpStatusCode.Unauthorized, ChatErrorCodes.Unauthenticated);
        Assert.Null(send.Headers.Location);
        Assert.Null(inbox.Headers.Location);
        // The browser modules stay anonymous.
        using var script = await noRedirects.GetAsync("/chat/bstchat.js", Cancellation);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    [Fact]
    public async Task With_a_bearer_scheme_a_call_without_a_valid_token_gets_401_problem_details_with_the_schemes_WWW_Authenticate()
    {
        var key = new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32));
        var host = await StartAsync(services => services
            .AddAuthentication(o => o.DefaultScheme = JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(o => o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidateIssuer = false,
                ValidateAudience = false,
                IssuerSigningKey = key,
            }));
        var anonymous = host.CreateClient(null);
        var forged = host.CreateClient(null);
        forged.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)), Ben));
        var ben = host.CreateClient(null);
        ben.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(key, Ben));

        using var noToken = await anonymous.GetAsync("/chat/conversations", Cancellation);
        using var badToken = await forged.GetAsync("/chat/conversations", Cancellation);

        await noToken.AssertProblemAsync(HttpStatusCode.Unauthorized, ChatErrorCodes.Unauthenticated);
        Assert.Equal("Bearer", Assert.Single(noToken.Headers.WwwAuthenticate).Scheme);
        await badToken.AssertProblemAsync(HttpStatusCode.Unauthorized, ChatErrorCodes.Unauthenticated);
        Assert.Contains("invalid_token", Assert.Single(badToken.Headers.WwwAuthenticate).Parameter, StringComparison.Ordinal);
        // A valid token is let through as before.
        Assert.Contains((await ben.GetInboxAsync()).Conversations, c => c.Id == Lesson);
    }

    [Fact]
    public async Task A_signed_in_user_the_hosts_policy_refuses_gets_403_problem_details()
    {
        var host = await StartAsync(services => services.AddAuthorization(o =>
            o.DefaultPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireClaim("chat-enabled").Build()));

        using var response = await host.CreateClient(Ben.Id).GetAsync("/chat/conversations", Cancellation);

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, ChatErrorCodes.NotAllowed);
    }

    [Fact]
    public void Registered_before_AddAuthorization_it_is_kept_and_a_second_call_changes_nothing()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddBstChat().AddInMemoryStore().AddAuthorizationProblems().AddAuthorizationProblems();
        services.AddAuthorization();
        using var provider = services.BuildServiceProvider();

        Assert.IsType<ChatAuthorizationResultHandler>(provider.GetRequiredService<IAuthorizationMiddlewareResultHandler>());
        Assert.Single(services, d => d.ServiceType == typeof(IAuthorizationMiddlewareResultHandler));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }
    }

    private async Task<ChatTestHost> StartAsync(Action<IServiceCollection>? configureServices = null)
    {
        var host = await ChatTestHost.StartAsync(
            chat => chat.AddInMemoryStore().AddAuthorizationProblems(), configureServices: configureServices, cancellationToken: Cancellation);
        _hosts.Add(host);
        return host;
    }

    private static string Token(SecurityKey key, ChatUser user) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Subject = new ClaimsIdentity([new Claim("sub", user.Id), new Claim("name", user.DisplayName)]),
        SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
    });
}
