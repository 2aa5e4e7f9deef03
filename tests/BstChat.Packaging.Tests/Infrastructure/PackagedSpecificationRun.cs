using System.Xml.Linq;

namespace BstChat.Packaging.Tests.Infrastructure;

/// <summary>
/// A new test project, written from scratch outside the repository as the author of another store
/// or backplane would write it, that gets the specification suites only as packages from
/// <see cref="PackedFeed"/>: it subclasses them for the in-memory store and the default notifier
/// and typing tracker, builds, and runs with xunit's own runner, which writes its results as XML.
/// </summary>
public sealed class PackagedSpecificationRun
{
    private const string Tests = """
        using BstChat;
        using BstChat.Backplane.Specification;
        using BstChat.Storage;
        using BstChat.Storage.Specification;
        using Microsoft.Extensions.DependencyInjection;

        public sealed class InMemoryStoreSpecificationTests : MessageStoreSpecification, IDisposable
        {
            private readonly ServiceProvider _services = new ServiceCollection().AddBstChat().AddInMemoryStore().Services.BuildServiceProvider();

            protected override IMessageStore CreateStore() => _services.GetRequiredService<IMessageStore>();

            public void Dispose() => _services.Dispose();
        }

        public sealed class InMemoryStoreTransferSpecificationTests : ChatStoreTransferSpecification, IDisposable
        {
            private readonly ServiceProvider _services = new ServiceCollection().AddBstChat().AddInMemoryStore().Services.BuildServiceProvider();

            protected override IMessageStore CreateStore() => _services.GetRequiredService<IMessageStore>();

            protected override IChatStoreImport CreateTransfer() => _services.GetRequiredService<IChatStoreImport>();

            public void Dispose() => _services.Dispose();
        }

        public sealed class DefaultsInstanceSpecificationTests : ChatInstanceSpecification
        {
            protected override void AddImplementation(BstChatBuilder builder)
            {
            }
        }
        """;

    private PackagedSpecificationRun(IReadOnlyList<XElement> tests) => Results = tests;

    /// <summary>The class names of the test classes the project defines.</summary>
    public static IReadOnlyList<string> TestClasses { get; } =
        ["InMemoryStoreSpecificationTests", "InMemoryStoreTransferSpecificationTests", "DefaultsInstanceSpecificationTests"];

    /// <summary>Every test the run reported, as xunit's <c>test</c> elements (<c>type</c>, <c>result</c>, …).</summary>
    public IReadOnlyList<XElement> Results { get; }

    public static async Task<PackagedSpecificationRun> RunAsync(PackedFeed feed)
    {
        var folder = feed.CreateTemporaryFolder("specification-consumer");
        await File.WriteAllTextAsync(Path.Combine(folder, "Tests.cs"), Tests);
        var references = string.Join("\n", new[] { "BstChat.Core" }.Concat(PackedFeed.SpecificationIds).Select(id => $"""    <PackageReference Include="{id}" Version="{feed.Version}" />"""));
        await File.WriteAllTextAsync(Path.Combine(folder, "SpecificationConsumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <OutputType>Exe</OutputType>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
            {references}
                <PackageReference Include="xunit.v3" Version="{FeedProject.CentralVersion(feed, "xunit.v3")}" />
              </ItemGroup>
            </Project>
            """);
        await FeedProject.WriteNuGetConfigAsync(feed, folder);

        var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = feed.CreateTemporaryFolder("specification-packages") };
        await Dotnet.RunAsync(folder, environment, "build", "-c", "Release");
        var results = Path.Combine(folder, "results.xml");
        // Exits non-zero, failing here with the runner's output, when any test fails.
        await Dotnet.RunAsync(folder, environment, Path.Combine(folder, "bin", "Release", "net10.0", "SpecificationConsumer.dll"), "-xml", results);
        return new PackagedSpecificationRun([.. XDocument.Load(results).Descendants("test")]);
    }
}
