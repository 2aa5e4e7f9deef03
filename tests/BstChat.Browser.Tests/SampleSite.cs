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
/// fresh file per test and the files sent in a fresh directory per test (never the sample's own
/// <c>App_Data</c>). Production, as the sample runs unless told otherwise (WebApplicationFactory's own default is Development).
/// </summary>
public sealed class SampleSite : WebApplicationFactory<Program>
{
    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"bstchat-browser-{Guid.NewGuid():N}.db");
    private readonly string _filesDirectory = Path.Combine(Path.GetTempPath(), $"bstchat-browser-files-{Guid.NewGuid():N}");
    private readonly IReadOnlyDictionary<string, string> _settings;

    private SampleSite(IReadOnlyDictionary<string, string> settings)
    {
        _settings = settings;
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>The site's root, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Starts a site; <paramref name="settings"/> (e.g. <c>Chat:Files:MaxFileBytes</c>) are applied over the test defaults.</summary>
    public static SampleSite Start(IReadOnlyDictionary<string, string>? settings = null)
    {
        var site = new SampleSite(settings ?? new Dictionary<string, string>());
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
        builder.UseSetting("Chat:FilesDirectory", _filesDirectory);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_databasePath + suffix);
        }

        if (Directory.Exists(_filesDirectory))
        {
            Directory.Delete(_filesDirectory, recursive: true);
        }
    }
}
