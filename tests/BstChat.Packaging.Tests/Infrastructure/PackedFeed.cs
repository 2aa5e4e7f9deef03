namespace BstChat.Packaging.Tests.Infrastructure;

/// <summary>
/// The eight packages (six libraries, two specification suites), packed once per test run from this repository into a temporary folder, at
/// a version no earlier run used (so no NuGet cache can answer for them), with the solution filter
/// a release uses (<c>BstChat.Packages.slnf</c>). The build's own output
/// goes to a temporary artifacts folder, leaving the repository's bin/ and obj/ alone.
/// </summary>
public sealed class PackedFeed : IAsyncLifetime
{
    /// <summary>The repository URL a release build is given; the packages must carry it.</summary>
    public const string RepositoryUrl = "https://github.com/bstchat/bstchat";

    /// <summary>What a site references.</summary>
    public static readonly string[] LibraryIds =
        ["BstChat.Core", "BstChat.AspNetCore", "BstChat.Storage.EfCore", "BstChat.Storage.Mongo", "BstChat.Redis", "BstChat.Thumbnails.Skia"];

    /// <summary>What the test project of another store or backplane references.</summary>
    public static readonly string[] SpecificationIds = ["BstChat.Storage.Specification", "BstChat.Backplane.Specification"];

    public static readonly string[] PackageIds = [.. LibraryIds, .. SpecificationIds];

    private readonly string _root = Directory.CreateTempSubdirectory("bstchat-packaging-").FullName;

    /// <summary>The prerelease label this run packed with; unique per run.</summary>
    public string VersionSuffix { get; } = $"pkgtest-{Guid.NewGuid():N}"[..20];

    /// <summary>The folder holding the .nupkg and .snupkg files: a local package source.</summary>
    public string Folder => Path.Combine(_root, "feed");

    public string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The version this run packed at.</summary>
    public string Version =>
        Path.GetFileNameWithoutExtension(Directory.GetFiles(Folder, "BstChat.Core.*.nupkg").Single())["BstChat.Core.".Length..];

    /// <summary>Scratch space for the tests, deleted with the feed.</summary>
    public string CreateTemporaryFolder(string name) => Directory.CreateDirectory(Path.Combine(_root, name)).FullName;

    public async ValueTask InitializeAsync()
    {
        await Dotnet.RunAsync(RepositoryRoot, null,
            "pack", Path.Combine(RepositoryRoot, "BstChat.Packages.slnf"), "-c", "Release", "-o", Folder, "--artifacts-path", Path.Combine(_root, "artifacts"),
            $"-p:VersionSuffix={VersionSuffix}", $"-p:RepositoryUrl={RepositoryUrl}");
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return ValueTask.CompletedTask;
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "BstChat.Lib.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("BstChat.Lib.sln not found above the test output.");
    }
}
