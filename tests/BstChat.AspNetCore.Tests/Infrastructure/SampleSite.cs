using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace BstChat.AspNetCore.Tests.Infrastructure;

/// <summary>
/// The sample site as shipped, on Kestrel at a free loopback port, with configuration given as
/// settings, the way an operator would. Clients are browser-alike: a cookie jar and no automatic
/// redirects. It runs as Production, as the sample does unless told otherwise
/// (WebApplicationFactory's own default is Development).
/// </summary>
public sealed class SampleSite : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly string? _contentRoot;
    private readonly string _environment;
    private readonly List<HttpClient> _clients = [];

    private SampleSite(IReadOnlyDictionary<string, string?> settings, string? contentRoot, string environment)
    {
        _settings = settings;
        _contentRoot = contentRoot;
        _environment = environment;
        UseKestrel(0);
    }

    /// <summary>Starts the sample with these settings (e.g. <c>Chat:Store</c>, <c>ConnectionStrings:BstChat</c>) in this environment.</summary>
    public static SampleSite Start(IReadOnlyDictionary<string, string?> settings, string? contentRoot = null, string environment = "Production")
    {
        var site = new SampleSite(settings, contentRoot, environment);
        site.StartServer();
        return site;
    }

    /// <summary>Signs in through the demo's <c>/login</c> and returns a client carrying the cookie.</summary>
    public async Task<HttpClient> SignInAsync(string user)
    {
        var client = CreateCookieClient();
        using var response = await client.GetAsync($"/login?user={user}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.True(response.Headers.Contains("Set-Cookie"), "Signing in set no cookie.");
        return client;
    }

    public HttpClient CreateCookieClient()
    {
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() };
        var client = new HttpClient(handler) { BaseAddress = ClientOptions.BaseAddress };
        _clients.Add(client);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_contentRoot is not null)
        {
            builder.UseContentRoot(_contentRoot);
        }

        builder.ConfigureLogging(logging => logging.ClearProviders());
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await base.DisposeAsync();
    }
}
