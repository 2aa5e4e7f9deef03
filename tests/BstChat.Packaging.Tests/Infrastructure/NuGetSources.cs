using System.Text.RegularExpressions;

namespace BstChat.Packaging.Tests.Infrastructure;

/// <summary>This machine's NuGet configuration, as <c>dotnet nuget</c> reports it, for a host made elsewhere.</summary>
internal static partial class NuGetSources
{
    /// <summary>The enabled package sources (name, url) the repository restores from.</summary>
    public static async Task<IReadOnlyList<(string Name, string Url)>> EnabledAsync(string repositoryRoot)
    {
        var output = await Dotnet.RunAsync(repositoryRoot, null, "nuget", "list", "source", "--format", "detailed");
        var lines = output.Split('\n', StringSplitOptions.TrimEntries);
        var sources = new List<(string, string)>();
        for (var i = 0; i + 1 < lines.Length; i++)
        {
            if (SourceLine().Match(lines[i]) is { Success: true } match && match.Groups[2].Value == "Enabled")
            {
                sources.Add((match.Groups[1].Value, lines[i + 1]));
            }
        }

        return sources;
    }

    /// <summary>The folder packages are restored into (NUGET_PACKAGES or the configured default).</summary>
    public static async Task<string> GlobalPackagesFolderAsync(string repositoryRoot)
    {
        var output = await Dotnet.RunAsync(repositoryRoot, null, "nuget", "locals", "global-packages", "--list");
        var match = GlobalPackagesLine().Match(output);
        Assert.True(match.Success, $"No global-packages folder in:\n{output}");
        return match.Groups[1].Value.Trim();
    }

    [GeneratedRegex(@"^\d+\.\s+(.+?)\s+\[(Enabled|Disabled)\]$")]
    private static partial Regex SourceLine();

    [GeneratedRegex(@"global-packages:\s*(.+)")]
    private static partial Regex GlobalPackagesLine();
}
