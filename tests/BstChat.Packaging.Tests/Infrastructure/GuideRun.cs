using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace BstChat.Packaging.Tests.Infrastructure;

/// <summary>
/// Follows <see cref="GuideDocument"/> step by step in an empty folder outside the repository,
/// as a reader would in a shell: bash blocks run with <c>bash -euo pipefail</c>, files are written
/// where the page says, and a "start the site" block runs in the background until the next one or
/// the end. Only what a test must vary is changed, each time the same way:
/// <list type="bullet">
/// <item>the packages come from <see cref="PackedFeed"/>: the folder the guide packs into (<c>~/…</c>) is that feed,
/// under a home folder of the run's own (which also keeps <c>dotnet user-jwts</c>' secrets and NuGet's caches out of the real one);</item>
/// <item><c>--version</c> of a BstChat package, which the page gives as the repository's <c>VersionPrefix</c>, becomes the feed's prerelease version;</item>
/// <item>the page's <see cref="GuideAddress"/> becomes a free port: the site binds <c>127.0.0.1:0</c>, and later commands call the address it reports.</item>
/// </list>
/// Every process it starts is ended when it is disposed, whatever the outcome.
/// </summary>
internal sealed partial class GuideRun : IAsyncDisposable
{
    /// <summary>The address the guide runs the site at.</summary>
    public const string GuideAddress = "http://localhost:5000";

    /// <summary>Hang guards only: a cold restore and build of a web site on a busy two-core machine stays well inside them.</summary>
    private static readonly TimeSpan StepHangGuard = TimeSpan.FromMinutes(15);

    private static readonly TimeSpan StartHangGuard = TimeSpan.FromMinutes(10);

    private readonly PackedFeed _feed;
    private readonly Dictionary<string, string> _environment;
    private readonly List<StartedSite> _sites = [];
    private RunningSite? _running;

    private GuideRun(PackedFeed feed, string siteFolder, Dictionary<string, string> environment)
    {
        _feed = feed;
        SiteFolder = siteFolder;
        _environment = environment;
    }

    /// <summary>The reader's "empty folder".</summary>
    public string SiteFolder { get; }

    /// <summary>Each site the guide started, in order, with what was seen of it.</summary>
    public IReadOnlyList<StartedSite> Sites => _sites;

    /// <summary>Prepares the home folder and the empty site folder; nothing of the guide has run yet.</summary>
    public static async Task<GuideRun> PrepareAsync(PackedFeed feed, GuideDocument guide)
    {
        var home = feed.CreateTemporaryFolder("guide-home");
        var pack = Assert.Single(guide.CommandLines(GuideStepKind.Skip), l => l.StartsWith("dotnet pack ", StringComparison.Ordinal));
        // The packing the guide asks for is the one PackedFeed did: the release solution filter, Release.
        Assert.StartsWith("dotnet pack BstChat.Packages.slnf -c Release -o ~/", pack, StringComparison.Ordinal);
        var feedLink = Path.Combine(home, PackOutput().Match(pack).Groups[1].Value);
        Directory.CreateDirectory(Path.GetDirectoryName(feedLink)!);
        File.CreateSymbolicLink(feedLink, feed.Folder);

        var environment = new Dictionary<string, string>
        {
            ["HOME"] = home,
            // This run's prerelease packages stay out of the machine's cache, which still serves everything else.
            ["NUGET_PACKAGES"] = feed.CreateTemporaryFolder("guide-packages"),
            ["NUGET_FALLBACK_PACKAGES"] = await NuGetSources.GlobalPackagesFolderAsync(feed.RepositoryRoot),
        };
        return new GuideRun(feed, feed.CreateTemporaryFolder("ChatSite"), environment);
    }

    /// <summary>Follows every step of <paramref name="guide"/>, then stops the last site.</summary>
    public async Task FollowAsync(GuideDocument guide)
    {
        foreach (var step in guide.Steps)
        {
            switch (step.Kind)
            {
                case GuideStepKind.File:
                    var path = Path.Combine(SiteFolder, step.Path!);
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    await File.WriteAllTextAsync(path, step.Text);
                    break;
                case GuideStepKind.Run:
                    var output = await Dotnet.RunAsync(Bash(Substitute(step.Text, _running?.Address)), step.Text, StepHangGuard);
                    _running?.Outputs.Add(output);
                    break;
                case GuideStepKind.Start:
                    await StopAsync();
                    Assert.Contains(GuideAddress, step.Text, StringComparison.Ordinal);
                    _running = await RunningSite.StartAsync(Bash(Substitute(step.Text, null).Replace(GuideAddress, "http://127.0.0.1:0", StringComparison.Ordinal)));
                    break;
            }
        }

        await StopAsync();
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task StopAsync()
    {
        if (_running is null)
        {
            return;
        }

        var site = _running;
        _running = null;
        _sites.Add(await site.StopAsync());
    }

    private ProcessStartInfo Bash(string script) =>
        Dotnet.CommandStartInfo("bash", SiteFolder, _environment, "-euo", "pipefail", "-c", script);

    /// <summary>The step as the run needs it: the feed's BstChat version, and the running site's address.</summary>
    private string Substitute(string text, Uri? address)
    {
        var versionPrefix = XDocument.Load(Path.Combine(_feed.RepositoryRoot, "Directory.Build.props"))
            .Descendants("VersionPrefix").Single().Value;
        text = BstChatPackageVersion().Replace(text, match =>
        {
            Assert.True(match.Groups[2].Value == versionPrefix, $"The guide installs {match.Value}, but the repository packs {versionPrefix}.");
            return match.Groups[1].Value + _feed.Version;
        });
        return address is null ? text : text.Replace(GuideAddress, address.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^dotnet pack .* -o ~/(\S+)")]
    private static partial Regex PackOutput();

    [GeneratedRegex(@"(dotnet add package BstChat\.[\w.]+ --version )(\S+)")]
    private static partial Regex BstChatPackageVersion();

    /// <summary>What was seen of one site the guide started: its address, the later steps' output, its own log.</summary>
    internal sealed record StartedSite(Uri Address, HttpStatusCode AnonymousApiStatus, IReadOnlyList<string> Outputs, string Log);

    /// <summary>A site started by a guide step, listening; its output is kept.</summary>
    private sealed partial class RunningSite
    {
        private readonly Process _process;
        private readonly StringBuilder _log = new();
        private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private HttpStatusCode _anonymousApiStatus;

        private RunningSite(Process process) => _process = process;

        public Uri Address { get; private set; } = null!;

        public List<string> Outputs { get; } = [];

        public static async Task<RunningSite> StartAsync(ProcessStartInfo command)
        {
            var site = new RunningSite(OwnedProcess.Start(command));
            try
            {
                await site.WaitUntilListeningAsync();
                return site;
            }
            catch
            {
                await site._process.KillTreeAsync();
                site._process.Dispose();
                throw;
            }
        }

        public async Task<StartedSite> StopAsync()
        {
            await _process.KillTreeAsync();
            _process.WaitForExit(); // drains the redirected output
            _process.Dispose();
            return new StartedSite(Address, _anonymousApiStatus, [.. Outputs], Read());
        }

        private async Task WaitUntilListeningAsync()
        {
            _process.OutputDataReceived += (_, e) => Append(e.Data);
            _process.ErrorDataReceived += (_, e) => Append(e.Data);
            _process.EnableRaisingEvents = true;
            _process.Exited += (_, _) => _listening.TrySetException(new InvalidOperationException($"The site stopped before listening:\n{Read()}"));
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();

            using var guard = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            guard.CancelAfter(StartHangGuard);
            Address = await _listening.Task.WaitAsync(guard.Token);

            // Seen now, while the site runs: what an API caller without credentials gets.
            using var anonymous = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromMinutes(1) };
            using var answer = await anonymous.GetAsync("/chat/conversations", TestContext.Current.CancellationToken);
            _anonymousApiStatus = answer.StatusCode;
        }

        private void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_log)
            {
                _log.AppendLine(line);
            }

            if (ListeningLine().Match(line) is { Success: true } match)
            {
                _listening.TrySetResult(new Uri(match.Groups[1].Value));
            }
        }

        private string Read()
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }

        [GeneratedRegex(@"Now listening on: (http://\S+)")]
        private static partial Regex ListeningLine();
    }
}
