using System.Diagnostics;
using BstChat.Feed;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BstChat.AspNetCore.Tests.Infrastructure;

/// <summary>
/// The chat API in a real ASP.NET Core host on Kestrel at a loopback port, so long-polls,
/// disconnects and shutdown behave as in production: header sign-in
/// (<see cref="TestUserAuthentication"/>), <c>AddBstChat()</c> with the test options below and a
/// store chosen by the caller, <c>MapBstChat("/chat").RequireAuthorization()</c>, and the
/// conversations of <see cref="ChatSeed"/>.
/// </summary>
public sealed class ChatTestHost : IAsyncDisposable
{
    /// <summary>Small enough to reach with a short test string.</summary>
    public const int MaxMessageLength = 100;

    /// <summary>The smallest body cap the options allow.</summary>
    public const int MaxRequestBodyBytes = 1024;

    /// <summary>Low enough to test the cap with a few requests.</summary>
    public const int MaxConcurrentWaitsPerUser = 2;

    /// <summary>
    /// Longer than any test takes to read an entry back, however busy the machine; a test that
    /// watches one expire runs the host on a fake clock and moves it.
    /// </summary>
    public static readonly TimeSpan TypingTimeout = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Longer than any test: a held wait never ends by re-reading the store, so one that ends
    /// early was woken (by a change, a typing expiry, a disconnect or shutdown).
    /// </summary>
    public static readonly TimeSpan RecheckInterval = TimeSpan.FromMinutes(5);

    /// <summary>The wait, in seconds, a test asks for when it holds a request: far beyond <see cref="WokenPromptly"/>.</summary>
    public const int HeldWaitSeconds = 240;

    /// <summary>
    /// Far below <see cref="HeldWaitSeconds"/> and <see cref="RecheckInterval"/>: an answer this
    /// quick was woken (or never held), not timed out or re-read. A bound on which path answered,
    /// not on speed, generous enough for any busy machine.
    /// </summary>
    public static readonly TimeSpan WokenPromptly = TimeSpan.FromMinutes(1);

    /// <summary>A hang guard for conditions the server reaches in milliseconds.</summary>
    private static readonly TimeSpan ConditionTimeout = TimeSpan.FromMinutes(1);

    /// <summary>Above every wait a test asks for: a held request ends by the server's answer.</summary>
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromMinutes(6);

    private readonly WebApplication _app;
    private readonly SocketsHttpHandler _handler = new();
    private readonly List<HttpClient> _clients = [];
    private bool _stopped;

    private ChatTestHost(WebApplication app, string filesDirectory)
    {
        _app = app;
        FilesDirectory = filesDirectory;
        BaseAddress = new Uri(app.Urls.Single());
    }

    /// <summary>Where the host listens, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>This host's own directory for file content (<c>content</c>) and uploads being received (<c>staging</c>); deleted with the host.</summary>
    public string FilesDirectory { get; }

    /// <summary>Where uploads are received before they are checked and stored.</summary>
    public string StagingDirectory => Path.Combine(FilesDirectory, "staging");

    /// <summary>The host's services.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Requests the server holds waiting now, across all users.</summary>
    public int WaitingRequests => Services.GetRequiredService<WaitLimiter>().Total;

    /// <summary>Builds, starts and seeds a host.</summary>
    /// <param name="configureStore">Chooses the store, e.g. <c>b =&gt; b.AddInMemoryStore()</c>.</param>
    /// <param name="configureChat">Changes the test options, applied after them.</param>
    /// <param name="configureServices">Adds or replaces services before <c>AddBstChat()</c>, e.g. a <see cref="TimeProvider"/>.</param>
    /// <param name="requireAuthorization">Whether the chat endpoints get <c>RequireAuthorization()</c>.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    public static async Task<ChatTestHost> StartAsync(
        Action<BstChatBuilder> configureStore,
        Action<BstChatOptions>? configureChat = null,
        Action<IServiceCollection>? configureServices = null,
        bool requireAuthorization = true,
        CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services
            .AddAuthentication(TestUserAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, TestUserAuthentication>(TestUserAuthentication.SchemeName, null);
        builder.Services.AddAuthorization();
        configureServices?.Invoke(builder.Services);
        var filesDirectory = Path.Combine(Path.GetTempPath(), $"bstchat-http-files-{Guid.NewGuid():N}");
        var chatBuilder = builder.Services.AddBstChat(o =>
        {
            o.Files.StagingDirectory = Path.Combine(filesDirectory, "staging");
            o.MaxMessageLength = MaxMessageLength;
            o.MaxRequestBodyBytes = MaxRequestBodyBytes;
            o.MaxConcurrentWaitsPerUser = MaxConcurrentWaitsPerUser;
            o.TypingTimeout = TypingTimeout;
            o.RecheckInterval = RecheckInterval;
            o.MaxWait = TimeSpan.FromMinutes(5);
            configureChat?.Invoke(o);
        });
        chatBuilder.AddFileSystemFileStore(Path.Combine(filesDirectory, "content"));
        configureStore(chatBuilder);

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        var chat = app.MapBstChat("/chat");
        if (requireAuthorization)
        {
            chat.RequireAuthorization();
        }

        await app.StartAsync(cancellationToken);
        var host = new ChatTestHost(app, filesDirectory);
        await host.UseChatAsync(c => ChatSeed.ApplyAsync(c, cancellationToken));
        return host;
    }

    /// <summary>A client signed in as <paramref name="userId"/>, or anonymous for <see langword="null"/>.</summary>
    public HttpClient CreateClient(string? userId)
    {
        var client = new HttpClient(_handler, disposeHandler: false) { BaseAddress = BaseAddress, Timeout = ClientTimeout };
        if (userId is not null)
        {
            client.DefaultRequestHeaders.Add(TestUserAuthentication.Header, userId);
        }

        _clients.Add(client);
        return client;
    }

    /// <summary>Runs server-side code against the chat service in its own scope, as the host application would.</summary>
    public async Task UseChatAsync(Func<IChatService, Task> action)
    {
        await using var scope = Services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<IChatService>());
    }

    /// <inheritdoc cref="UseChatAsync(Func{IChatService, Task})"/>
    public async Task<T> UseChatAsync<T>(Func<IChatService, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<IChatService>());
    }

    /// <summary>Waits until the server holds exactly <paramref name="count"/> waiting requests.</summary>
    public async Task WaitForWaitingRequestsAsync(int count)
    {
        var clock = Stopwatch.StartNew();
        while (WaitingRequests != count)
        {
            if (clock.Elapsed > ConditionTimeout)
            {
                Assert.Fail($"The server held {WaitingRequests} waiting requests, not {count}, after {ConditionTimeout.TotalSeconds} s.");
            }

            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds: for work the server does in the background.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > ConditionTimeout)
            {
                Assert.Fail($"The condition did not hold after {ConditionTimeout.TotalSeconds} s.");
            }

            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Stops the application as a shutdown would: held waits end, then Kestrel stops.</summary>
    public async Task StopAsync()
    {
        _stopped = true;
        await _app.StopAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        _handler.Dispose();
        if (!_stopped)
        {
            await _app.StopAsync(CancellationToken.None);
        }

        await _app.DisposeAsync();
        if (Directory.Exists(FilesDirectory))
        {
            Directory.Delete(FilesDirectory, recursive: true);
        }
    }
}
