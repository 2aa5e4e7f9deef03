using System.Diagnostics;
using System.Text.RegularExpressions;

namespace BstChat.Packaging.Tests.Infrastructure;

/// <summary>
/// A new minimal web site, written from scratch outside the repository, that gets BstChat only
/// as packages from <see cref="PackedFeed"/>: it restores, builds and runs on Kestrel at a free
/// loopback port. Users sign in with an <c>X-User</c> header; <c>lesson-1</c> has Anna and Ben.
/// </summary>
/// <remarks>
/// It restores into a private packages folder, so this run's prerelease packages never reach
/// the machine's NuGet cache; everything else comes from that cache as a fallback folder, and
/// from the machine's own package sources when missing.
/// </remarks>
public sealed partial class PackagedHost : IAsyncDisposable
{
    private const string Program = """
        using System.Security.Claims;
        using BstChat;
        using BstChat.Storage.EfCore;
        using Microsoft.EntityFrameworkCore;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddDbContextFactory<BstChatDbContext>(o => o.UseSqlite($"Data Source={Path.Combine(AppContext.BaseDirectory, "chat.db")}"));
        builder.Services.AddBstChat().AddEntityFrameworkCoreStore<BstChatDbContext>().AddSkiaThumbnails();
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

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<BstChatDbContext>().Database.EnsureBstChatCreatedAsync();
            var chat = scope.ServiceProvider.GetRequiredService<IChatService>();
            await chat.CreateConversationAsync("lesson-1", "Lesson 1", CancellationToken.None);
            await chat.AddMemberAsync("lesson-1", new ChatUser("anna", "Anna"), MemberRole.Moderator, CancellationToken.None);
            await chat.AddMemberAsync("lesson-1", new ChatUser("ben", "Ben"), MemberRole.Member, CancellationToken.None);
        }

        app.Run();
        """;

    private readonly Process _process;

    private PackagedHost(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<PackagedHost> StartAsync(PackedFeed feed)
    {
        var folder = feed.CreateTemporaryFolder("host");
        await WriteProjectAsync(folder, feed.Version, FeedProject.CentralVersion(feed, "Microsoft.EntityFrameworkCore.Sqlite"));
        await FeedProject.WriteNuGetConfigAsync(feed, folder);

        var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = feed.CreateTemporaryFolder("packages") };
        await Dotnet.RunAsync(folder, environment, "build", "-c", "Release");

        var dll = Path.Combine(folder, "bin", "Release", "net10.0", "PackagedHost.dll");
        var process = OwnedProcess.Start(Dotnet.StartInfo(folder, environment, dll, "--urls", "http://127.0.0.1:0"));
        try
        {
            return new PackagedHost(process, await WaitUntilListeningAsync(process));
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    public HttpClient CreateClient(string user)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromMinutes(1) };
        client.DefaultRequestHeaders.Add("X-User", user);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _process.KillTreeAsync();
        _process.Dispose();
    }

    private static Task WriteProjectAsync(string folder, string version, string sqliteVersion)
    {
        var references = string.Join("\n", PackedFeed.LibraryIds.Select(id => $"""    <PackageReference Include="{id}" Version="{version}" />"""));
        File.WriteAllText(Path.Combine(folder, "Program.cs"), Program);
        return File.WriteAllTextAsync(Path.Combine(folder, "PackagedHost.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
            {references}
                <PackageReference Include="Microsoft.EntityFrameworkCore.Sqlite" Version="{sqliteVersion}" />
              </ItemGroup>
            </Project>
            """);
    }

    private static async Task<Uri> WaitUntilListeningAsync(Process process)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        var seen = new List<string>();
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            seen.Add(line);
            if (ListeningLine().Match(line) is { Success: true } match)
            {
                // Keep draining, so a full pipe never blocks the host's logging.
                _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);
                _ = process.StandardError.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);
                return new Uri(match.Groups[1].Value);
            }
        }

        var errors = await process.StandardError.ReadToEndAsync(timeout.Token);
        throw new InvalidOperationException($"The packaged host stopped before listening:\n{string.Join('\n', seen)}\n{errors}");
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();
}
