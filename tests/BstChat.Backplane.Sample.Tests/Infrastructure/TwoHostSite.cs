using System.Diagnostics.Metrics;
using System.Security.Claims;
using BstChat.Backplane.Sample.Tests.Transport;
using BstChat.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace BstChat.Backplane.Sample.Tests.Infrastructure;

/// <summary>
/// A site of two real ASP.NET Core hosts on Kestrel at free loopback ports, A and B, sharing one
/// store (as instances share a database) and the <see cref="InMemoryRemote"/> backplane. The
/// store re-check is minutes away, so a request held on B that answers with a change made on A
/// was woken through the backplane. Users sign in with an <c>X-User</c> header; Anna uses A, Ben B.
/// </summary>
public sealed class TwoHostSite : IAsyncDisposable
{
    public const string Conversation = "lesson-1";

    private static readonly TimeSpan NoRecheck = TimeSpan.FromMinutes(5);

    private readonly WebApplication _a;
    private readonly WebApplication _b;

    private TwoHostSite(WebApplication a, WebApplication b)
    {
        _a = a;
        _b = b;
        AnnaOnA = Client(a, "anna");
        BenOnB = Client(b, "ben");
        WaitingOnB = new WaitingRequests(b.Services.GetRequiredService<IMeterFactory>());
    }

    public HttpClient AnnaOnA { get; }

    public HttpClient BenOnB { get; }

    public WaitingRequests WaitingOnB { get; }

    public static async Task<TwoHostSite> StartAsync()
    {
        var remote = new InMemoryRemote();
        var a = await StartHostAsync(remote, store: null);
        try
        {
            var b = await StartHostAsync(remote, a.Services.GetRequiredService<IMessageStore>());
            await using (var scope = a.Services.CreateAsyncScope())
            {
                var chat = scope.ServiceProvider.GetRequiredService<IChatService>();
                await chat.CreateConversationAsync(Conversation, "Lesson 1", CancellationToken.None);
                await chat.AddMemberAsync(Conversation, new ChatUser("anna", "Anna"), MemberRole.Moderator, CancellationToken.None);
                await chat.AddMemberAsync(Conversation, new ChatUser("ben", "Ben"), MemberRole.Member, CancellationToken.None);
            }

            return new TwoHostSite(a, b);
        }
        catch
        {
            await a.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        WaitingOnB.Dispose();
        AnnaOnA.Dispose();
        BenOnB.Dispose();
        await _b.StopAsync(CancellationToken.None);
        await _b.DisposeAsync();
        await _a.StopAsync(CancellationToken.None);
        await _a.DisposeAsync();
    }

    private static async Task<WebApplication> StartHostAsync(InMemoryRemote remote, IMessageStore? store)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddBstChat(o => (o.RecheckInterval, o.MaxWait) = (NoRecheck, NoRecheck)).AddInMemoryStore().AddRemoteBackplane(remote);
        if (store is not null)
        {
            builder.Services.Replace(ServiceDescriptor.Singleton(store));
        }

        var app = builder.Build();
        // The smallest sign-in there is: the X-User header names the caller.
        app.Use((context, next) =>
        {
            if (context.Request.Headers["X-User"] is [{ Length: > 0 } user])
            {
                context.User = new ClaimsPrincipal(new ClaimsIdentity(
                    [new Claim(ClaimTypes.NameIdentifier, user), new Claim(ClaimTypes.Name, user)], "Header"));
            }

            return next(context);
        });
        app.MapBstChat("/chat");
        await app.StartAsync(TestContext.Current.CancellationToken);
        return app;
    }

    private static HttpClient Client(WebApplication host, string user)
    {
        var address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Add("X-User", user);
        return client;
    }
}
