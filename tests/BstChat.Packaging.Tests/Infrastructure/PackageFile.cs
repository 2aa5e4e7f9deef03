using System.IO.Compression;
using System.Xml.Linq;

namespace BstChat.Packaging.Tests.Infrastructure;

/// <summary>One packed .nupkg: its file list and its .nuspec, read as NuGet reads them.</summary>
public sealed class PackageFile
{
    private PackageFile(string path, IReadOnlyList<string> entries, XElement metadata)
    {
        Path = path;
        Entries = entries;
        Metadata = metadata;
    }

    public string Path { get; }

    /// <summary>The paths inside the package.</summary>
    public IReadOnlyList<string> Entries { get; }

    /// <summary>The nuspec's <c>metadata</c> element.</summary>
    public XElement Metadata { get; }

    public string Id => Value("id");

    public string Version => Value("version");

    public static PackageFile Open(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        var entries = zip.Entries.Select(e => e.FullName).ToList();
        var nuspec = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = nuspec.Open();
        var document = XDocument.Load(stream);
        return new PackageFile(path, entries, document.Root!.Elements().Single(e => e.Name.LocalName == "metadata"));
    }

    /// <summary>The text of a metadata element, or empty when absent.</summary>
    public string Value(string name) => Element(name)?.Value ?? "";

    public XElement? Element(string name) => Metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name);

    /// <summary>The package's dependencies as id → version range.</summary>
    public IReadOnlyDictionary<string, string> Dependencies() =>
        Metadata.Descendants().Where(e => e.Name.LocalName == "dependency")
            .ToDictionary(e => (string)e.Attribute("id")!, e => (string)e.Attribute("version")!);

    /// <summary>The text of a file inside the package.</summary>
    public string ReadText(string entry)
    {
        using var zip = ZipFile.OpenRead(Path);
        using var reader = new StreamReader(zip.GetEntry(entry)!.Open());
        return reader.ReadToEnd();
    }
}
