using BstChat.Packaging.Tests.Infrastructure;

namespace BstChat.Packaging.Tests;

/// <summary>A third party's test project that has the specification suites only by package: it runs them, and every test passes.</summary>
public sealed class PackagedSpecificationTests(PackagedSpecificationTests.Run run) : IClassFixture<PackagedSpecificationTests.Run>
{
    public static TheoryData<string> TestClasses => [.. PackagedSpecificationRun.TestClasses];

    [Theory]
    [MemberData(nameof(TestClasses))]
    public void Each_suite_subclassed_from_the_packages_runs_and_passes(string testClass)
    {
        var tests = run.Result.Results.Where(t => (string?)t.Attribute("type") == testClass).ToList();

        Assert.NotEmpty(tests);
        Assert.All(tests, t => Assert.Equal("Pass", (string?)t.Attribute("result")));
    }

    [Fact]
    public void The_store_suite_from_the_package_holds_its_whole_contract()
    {
        var storeTests = run.Result.Results.Where(t => (string?)t.Attribute("type") == "InMemoryStoreSpecificationTests")
            .Select(t => (string?)t.Attribute("method"))
            .ToHashSet();

        // A few tests from different topics, by name: the package carries the suite, not a part of it.
        Assert.Contains("Parallel_writers_get_every_seq_exactly_once", storeTests);
        Assert.Contains("A_replayed_client_message_id_returns_the_first_message_and_stores_nothing", storeTests);
    }

    /// <summary>One run for the class: building the project is the slow part.</summary>
    public sealed class Run(PackedFeed feed) : IAsyncLifetime
    {
        public PackagedSpecificationRun Result { get; private set; } = null!;

        public async ValueTask InitializeAsync() => Result = await PackagedSpecificationRun.RunAsync(feed);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
