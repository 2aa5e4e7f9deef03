using System.Net;
using System.Text.Json;
using BstChat.Packaging.Tests.Infrastructure;

namespace BstChat.Packaging.Tests;

/// <summary>
/// docs/getting-started.md, followed literally (see <see cref="GuideRun"/> for the three things a
/// test must vary): from an empty folder to two users chatting, with cookies and then with JWT
/// bearer tokens.
/// </summary>
public sealed class GettingStartedGuideTests(PackedFeed feed)
{
    private static GuideDocument Guide(PackedFeed feed) => GuideDocument.Load(Path.Combine(feed.RepositoryRoot, "docs", "getting-started.md"));

    [Fact]
    public void Every_package_and_tool_the_guide_installs_has_its_version_pinned()
    {
        var installs = Guide(feed).CommandLines(GuideStepKind.Run, GuideStepKind.Skip)
            .Where(l => l.StartsWith("dotnet add package ", StringComparison.Ordinal) || l.StartsWith("dotnet tool install ", StringComparison.Ordinal))
            .ToList();

        Assert.NotEmpty(installs);
        // Unpinned, these take 11.0 packages, which do not fit net10.0.
        Assert.All(installs, l => Assert.Matches(@"--version (0|10)\.\d+\.\d+$", l));
        Assert.Contains(installs, l => l == "dotnet tool install dotnet-ef --version 10.0.15");
        Assert.Contains(installs, l => l.StartsWith("dotnet add package Microsoft.EntityFrameworkCore.Design ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Followed_as_written_the_guide_gets_two_users_chatting_with_cookies_and_with_JWT_bearer_tokens()
    {
        var guide = Guide(feed);
        await using var run = await GuideRun.PrepareAsync(feed, guide);

        await run.FollowAsync(guide);

        Assert.Equal(2, run.Sites.Count);
        Assert.All(run.Sites, site =>
        {
            // Not a redirect to a sign-in page, nor a 500 for want of a default scheme.
            Assert.Equal(HttpStatusCode.Unauthorized, site.AnonymousApiStatus);
            AssertAMessageSentWasReadBack(site);
            // The store's polling reads stay out of an Information log.
            Assert.DoesNotContain("Microsoft.EntityFrameworkCore.Database.Command", site.Log, StringComparison.Ordinal);
        });
        Assert.True(File.Exists(Path.Combine(run.SiteFolder, "dotnet-tools.json")) || File.Exists(Path.Combine(run.SiteFolder, ".config", "dotnet-tools.json")));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(run.SiteFolder, "Migrations"), "*_AddBstChat.cs"));
    }

    /// <summary>
    /// The guide's commands printed Anna's send answer and then a page of messages that holds it: in
    /// the guide, Ben's read, with his own cookie or token (Ben is a member, so only his sign-in gets that page).
    /// </summary>
    private static void AssertAMessageSentWasReadBack(GuideRun.StartedSite site)
    {
        var answers = site.Outputs.SelectMany(o => o.Split('\n')).Select(l => l.Trim()).Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var sent = answers.FindIndex(a => a.TryGetProperty("senderId", out _));
        Assert.True(sent >= 0, $"No message was sent at {site.Address}; the guide's commands printed:\n{string.Join('\n', site.Outputs)}\nThe site logged:\n{site.Log}");
        var message = answers[sent];
        Assert.Equal("anna", message.GetProperty("senderId").GetString());

        var page = answers.Skip(sent + 1).FirstOrDefault(a => a.TryGetProperty("messages", out _));
        Assert.True(page.ValueKind == JsonValueKind.Object, $"Nobody read the messages at {site.Address}:\n{string.Join('\n', site.Outputs)}");
        var read = Assert.Single(page.GetProperty("messages").EnumerateArray(), m => m.GetProperty("id").GetString() == message.GetProperty("id").GetString());
        Assert.Equal(message.GetProperty("text").GetString(), read.GetProperty("text").GetString());
        Assert.Equal("Anna", read.GetProperty("senderName").GetString());
    }
}
