using BstChat.AspNetCore.Tests.Infrastructure;
using BstChat.Backplane.Sample.Tests.Infrastructure;

namespace BstChat.Backplane.Sample.Tests;

/// <summary>
/// Two real hosts with the third-party backplane: over HTTP, each sees the other's messages and
/// typing at once. Ben's request on B is held (B's meter says so) before Anna acts on A, and B's
/// re-check is minutes away, so only the backplane can answer it within the hang guard.
/// </summary>
public sealed class TwoHostsTests
{
    /// <summary>What Ben's held request asks for: the most the hosts allow, far beyond the hang guard.</summary>
    private const int HeldWaitSeconds = 300;

    /// <summary>A hang guard only: a wake-up takes milliseconds.</summary>
    private static readonly TimeSpan Answered = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task A_message_sent_on_A_answers_a_request_held_on_B()
    {
        await using var site = await TwoHostSite.StartAsync();
        var held = await HoldOnBAsync(site);

        var sent = await site.AnnaOnA.SendMessageAsync(TwoHostSite.Conversation, "Hello from A");

        var changes = await held.WaitAsync(Answered, TestContext.Current.CancellationToken);
        Assert.Equal(sent.Id, Assert.Single(changes.Messages).Id);
        Assert.Equal("Hello from A", changes.Messages[0].Text);
    }

    [Fact]
    public async Task Typing_on_A_answers_a_request_held_on_B_and_shows_there()
    {
        await using var site = await TwoHostSite.StartAsync();
        var held = await HoldOnBAsync(site);

        using (var typing = await site.AnnaOnA.PostTypingAsync(TwoHostSite.Conversation))
        {
            typing.EnsureSuccessStatusCode();
        }

        var changes = await held.WaitAsync(Answered, TestContext.Current.CancellationToken);
        Assert.Equal("anna", Assert.Single(changes.Typing).UserId);
        Assert.Equal("anna", Assert.Single((await site.BenOnB.GetChangesAsync(TwoHostSite.Conversation)).Typing).UserId);
    }

    /// <summary>Starts Ben's change-feed request on B and returns once B holds it waiting.</summary>
    private static async Task<Task<ApiChanges>> HoldOnBAsync(TwoHostSite site)
    {
        var start = await site.BenOnB.GetChangesAsync(TwoHostSite.Conversation);
        var held = site.BenOnB.GetChangesAsync(TwoHostSite.Conversation, start.Cursor, wait: HeldWaitSeconds);
        await site.WaitingOnB.UntilAsync(1);
        Assert.False(held.IsCompleted, "The request answered before any change.");
        return held;
    }
}
