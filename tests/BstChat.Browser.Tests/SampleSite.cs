using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BstChat.Browser.Tests;

/// <summary>
/// The real sample host on Kestrel, on a free loopback port, with its default SQLite store in a
/// fresh file per test. Production, as the sample runs unless told otherwise (WebApplicationFactory's own default is Development).
/// </summary>
public sealed class SampleSite : WebApplicationFactory<Program>
{
    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"bstchat-browser-{Guid.NewGuid():N}.db");

    private SampleSite()
    {
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>The site's root, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public static SampleSite Start()
    {
        var site = new SampleSite();
        site.StartServer();
        var addresses = site.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        site.BaseAddress = new Uri(addresses.Single());
        return site;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        // Typing expires in 2 s rather than 6, so "not after" is seen quickly.
        builder.UseSetting("Chat:TypingTimeout", "00:00:02");
        builder.UseSetting("ConnectionStrings:BstChat", $"Data Source={_databasePath};Default Timeout=10");
        // Quiet hosts; the Kestrel line says only that the sample's own URL is replaced by the test's port.
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.Hosting.Lifetime", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore.Server.Kestrel", "Error");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_databasePath + suffix);
        }
    }
}
