using System.Security;
using System.Xml.Linq;

namespace BstChat.Packaging.Tests.Infrastructure;

/// <summary>What a project written outside the repository needs to get BstChat from <see cref="PackedFeed"/> only.</summary>
internal static class FeedProject
{
    /// <summary>BstChat.* from the local feed only; everything else from this machine's own sources.</summary>
    public static async Task WriteNuGetConfigAsync(PackedFeed feed, string folder)
    {
        var upstream = await NuGetSources.EnabledAsync(feed.RepositoryRoot);
        Assert.NotEmpty(upstream);
        var cache = await NuGetSources.GlobalPackagesFolderAsync(feed.RepositoryRoot);
        var sources = string.Join("\n", upstream.Select(s => $"""    <add key="{Escape(s.Name)}" value="{Escape(s.Url)}" />"""));
        var mapping = string.Join("\n", upstream.Select(s => $"""    <packageSource key="{Escape(s.Name)}"><package pattern="*" /></packageSource>"""));
        await File.WriteAllTextAsync(Path.Combine(folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="bstchat-under-test" value="{Escape(feed.Folder)}" />
            {sources}
              </packageSources>
              <packageSourceMapping>
                <packageSource key="bstchat-under-test"><package pattern="BstChat.*" /></packageSource>
            {mapping}
              </packageSourceMapping>
              <fallbackPackageFolders>
                <clear />
                <add key="machine-cache" value="{Escape(cache)}" />
              </fallbackPackageFolders>
            </configuration>
            """);
    }

    /// <summary>The version the repository pins in Directory.Packages.props, so the host uses what the tests use.</summary>
    public static string CentralVersion(PackedFeed feed, string id) =>
        XDocument.Load(Path.Combine(feed.RepositoryRoot, "Directory.Packages.props"))
            .Descendants("PackageVersion")
            .Single(e => (string?)e.Attribute("Include") == id)
            .Attribute("Version")!.Value;

    private static string Escape(string value) => SecurityElement.Escape(value);
}
