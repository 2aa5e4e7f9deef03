using System.Threading.RateLimiting;
using Microsoft.EntityFrameworkCore;
using BstChat.Storage.EfCore;

namespace BstChat.Bench.Server;

/// <summary>
/// The measured process: BstChat on Kestrel over loopback, a SignalR hub for reference, and the
/// bench's own endpoints under <c>/bench</c>. It runs as a child of the driver so that load
/// generation never shares its CPU accounting or thread pool.
/// </summary>
internal static class BenchServer
{
    public static async Task RunAsync(ServerArguments arguments, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{arguments.Port}");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);

        builder.Services
            .AddAuthentication(BenchUserAuthentication.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, BenchUserAuthentication>(BenchUserAuthentication.SchemeName, null);
        builder.Services.AddAuthorization();
        builder.Services.AddSignalR();
        builder.Services.AddSingleton<RequestCounter>();
        builder.Services.AddSingleton<ChatGauges>();

        var chat = builder.Services.AddBstChat(o =>
        {
            // Stated explicitly: the figures depend on them.
            o.MaxWait = TimeSpan.FromSeconds(25);
            o.RecheckInterval = TimeSpan.FromSeconds(5);
            o.MaxConcurrentWaitsPerUser = 64;
            // Above the default 10,000: the idle scale scenario holds 50,000.
            o.MaxConcurrentWaits = 100_000;
            o.MaxPageSize = 200;
            // The upload scenario sends 10 MB files, the default limit, far more of them than any quota is for.
            o.Files.MaxFileBytes = 10L * 1024 * 1024;
            o.Files.MaxBytesPerUser = o.Files.MaxBytesPerConversation = long.MaxValue;
            o.Files.StagingDirectory = Path.Combine(UploadBaseline.FilesDirectory(arguments.Port), "staging");
        });
        AddStore(chat, arguments);
        chat.AddFileSystemFileStore(Path.Combine(UploadBaseline.FilesDirectory(arguments.Port), "chat"));
        // The bench measures throughput, so a few users send far faster than any person: no per-user rate limits.
        foreach (var policy in new[] { ChatRateLimitPolicies.Writes, ChatRateLimitPolicies.Reads, ChatRateLimitPolicies.Typing, ChatRateLimitPolicies.Uploads })
        {
            builder.Services.AddKeyedSingleton(policy, PartitionedRateLimiter.Create<string, string>(static userId => RateLimitPartition.GetNoLimiter(userId)));
        }

        if (arguments.Redis is { } redis)
        {
            chat.AddRedisBackplane(redis);
        }

        await using var app = builder.Build();
        // Listening before the first request, so the waiting counter's sum starts from zero.
        app.Services.GetRequiredService<ChatGauges>();
        await EnsureSchemaAsync(app, arguments.Store, cancellationToken);

        app.UseMiddleware<RequestCountingMiddleware>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapBstChat("/chat").RequireAuthorization();
        app.MapHub<FanOutHub>("/hub");
        BenchEndpoints.Map(app);
        SoakEndpoints.Map(app);
        UploadBaseline.Map(app, arguments.Port);

        await app.StartAsync(cancellationToken);
        // The driver holds our stdin open; when it closes (driver done or dead), stop.
        try
        {
            await Console.In.ReadToEndAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C reaches the whole process group: stop as the driver does.
        }

        await app.StopAsync(CancellationToken.None);
        UploadBaseline.DeleteFiles(arguments.Port);
    }

    private static void AddStore(BstChatBuilder chat, ServerArguments arguments)
    {
        switch (arguments.Store)
        {
            case StoreKind.InMemory:
                chat.AddInMemoryStore();
                break;
            case StoreKind.Sqlite:
                chat.Services.AddPooledDbContextFactory<BstChatDbContext>(o =>
                {
                    o.UseSqlite(arguments.ConnectionString);
                    if (SqliteBusyTimeoutInterceptor.Enabled)
                    {
                        o.AddInterceptors(new SqliteBusyTimeoutInterceptor());
                    }
                });
                chat.AddEntityFrameworkCoreStore<BstChatDbContext>();
                break;
            case StoreKind.Postgres:
                chat.Services.AddPooledDbContextFactory<BstChatDbContext>(o => o.UseNpgsql(arguments.ConnectionString));
                chat.AddEntityFrameworkCoreStore<BstChatDbContext>();
                break;
        }
    }

    private static async Task EnsureSchemaAsync(WebApplication app, StoreKind store, CancellationToken cancellationToken)
    {
        if (store == StoreKind.InMemory)
        {
            return;
        }

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<BstChatDbContext>>().CreateDbContextAsync(cancellationToken);
        await db.Database.EnsureBstChatCreatedAsync(cancellationToken);
    }
}
