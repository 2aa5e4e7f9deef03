using BstChat.Packaging.Tests.Infrastructure;

namespace BstChat.Packaging.Tests;

/// <summary>What each packed .nupkg carries: metadata, README, XML docs, symbols and dependencies.</summary>
public sealed class PackageContentTests(PackedFeed feed)
{
    public static TheoryData<string> PackageIds => [.. PackedFeed.PackageIds];

    [Fact]
    public void Exactly_the_six_libraries_and_two_specification_suites_are_packed_at_one_version_with_their_symbol_packages()
    {
        var packages = Directory.GetFiles(feed.Folder, "*.nupkg").Select(PackageFile.Open).ToList();

        Assert.Equal(PackedFeed.PackageIds.Order(), packages.Select(p => p.Id).Order());
        var version = Assert.Single(packages.Select(p => p.Version).Distinct());
        Assert.EndsWith($"-{feed.VersionSuffix}", version, StringComparison.Ordinal);
        Assert.All(packages, p => Assert.True(File.Exists(Path.ChangeExtension(p.Path, ".snupkg")), $"{p.Id} has no .snupkg."));
    }

    [Theory]
    [MemberData(nameof(PackageIds))]
    public void A_package_carries_its_metadata_README_and_XML_docs(string id)
    {
        var package = Open(id);

        Assert.NotEmpty(package.Value("description"));
        Assert.Contains("chat", package.Value("tags").Split(' '));
        Assert.Equal("expression", (string?)package.Element("license")?.Attribute("type"));
        Assert.Equal("MIT", package.Value("license"));
        Assert.Equal(PackedFeed.RepositoryUrl, (string?)package.Element("repository")?.Attribute("url"));
        Assert.Equal("git", (string?)package.Element("repository")?.Attribute("type"));

        Assert.Equal("README.md", package.Value("readme"));
        Assert.StartsWith($"# {id}", package.ReadText("README.md"), StringComparison.Ordinal);
        Assert.Contains("## Public API", package.ReadText("README.md"), StringComparison.Ordinal);
        Assert.Contains($"lib/net10.0/{id}.dll", package.Entries);
        Assert.Contains($"<name>{id}</name>", package.ReadText($"lib/net10.0/{id}.xml"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(PackageIds))]
    public void A_symbol_package_holds_the_library_s_pdb(string id)
    {
        var symbols = PackageFile.Open(Path.ChangeExtension(Open(id).Path, ".snupkg"));

        Assert.Contains($"lib/net10.0/{id}.pdb", symbols.Entries);
    }

    [Theory]
    [InlineData("BstChat.AspNetCore")]
    [InlineData("BstChat.Storage.EfCore")]
    [InlineData("BstChat.Storage.Mongo")]
    [InlineData("BstChat.Redis")]
    [InlineData("BstChat.Thumbnails.Skia")]
    [InlineData("BstChat.Storage.Specification")]
    [InlineData("BstChat.Backplane.Specification")]
    public void Every_other_package_depends_on_Core_by_package_at_the_same_version(string id)
    {
        var package = Open(id);

        Assert.Equal(package.Version, package.Dependencies()["BstChat.Core"]);
        Assert.DoesNotContain(package.Entries, e => e.EndsWith("BstChat.Core.dll", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_only_packages_are_not_dependencies()
    {
        var dependencies = PackedFeed.PackageIds.SelectMany(id => Open(id).Dependencies().Keys).ToList();

        Assert.DoesNotContain(dependencies, d => d.StartsWith("Microsoft.SourceLink", StringComparison.Ordinal));
        Assert.DoesNotContain(dependencies, d => d.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal));
    }

    private PackageFile Open(string id) =>
        Assert.Single(Directory.GetFiles(feed.Folder, "*.nupkg").Select(PackageFile.Open), p => p.Id == id);
}
