using System.Net;
using BstChat.AspNetCore.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static BstChat.AspNetCore.Tests.Infrastructure.ChatSeed;

namespace BstChat.AspNetCore.Tests;

// pollAfterMs: the interval suggested to clients that poll, by how busy the conversation is,
// with the default intervals and busy window. The host runs on a fake clock, so "recent" and
// "quiet" are exact.
public abstract partial class ChatApiTests
{
    private const long BusyPollAfterMs = 2000;
    private const long QuietPollAfterMs = 10000;

    private static readonly TimeSpan BusyWindow = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_conversation_quiet_for_longer_than_the_busy_window_suggests_polling_every_10_s()
    {
        var clock = new FakeTimeProvider();
        var host = await StartFakeClockHostAsync(clock);
        var ben = host.CreateClient(Ben.Id);
        await host.CreateClient(Anna.Id).SendMessageAsync(AnnaBen, "Old news");

        clock.Advance(BusyWindow + TimeSpan.FromSeconds(1));

        Assert.Equal(QuietPollAfterMs, (await ben.GetChangesAsync(AnnaBen)).PollAfterMs);
    }

    [Fact]
    public async Task A_conversation_with_a_recent_message_suggests_polling_every_2_s()
    {
        var clock = new FakeTimeProvider();
        var host = await StartFakeClockHostAsync(clock);
        var ben = host.CreateClient(Ben.Id);
        clock.Advance(BusyWindow + TimeSpan.FromSeconds(1));
        var quiet = await ben.GetChangesAsync(AnnaBen);

        await host.CreateClient(Anna.Id).SendMessageAsync(AnnaBen, "Fresh");
        clock.Advance(BusyWindow - TimeSpan.FromSeconds(1));

        Assert.Equal(QuietPollAfterMs, quiet.PollAfterMs);
        Assert.Equal(BusyPollAfterMs, (await ben.GetChangesAsync(AnnaBen, quiet.Cursor, wait: 0)).PollAfterMs);
    }

    [Fact]
    public async Task A_quiet_conversation_with_someone_typing_suggests_polling_every_2_s()
    {
        var clock = new FakeTimeProvider();
        var host = await StartFakeClockHostAsync(clock);
        var ben = host.CreateClient(Ben.Id);
        clock.Advance(BusyWindow + TimeSpan.FromSeconds(1));

        using var typing = await host.CreateClient(Anna.Id).PostTypingAsync(AnnaBen);

        Assert.Equal(HttpStatusCode.NoContent, typing.StatusCode);
        Assert.Equal(BusyPollAfterMs, (await ben.GetChangesAsync(AnnaBen)).PollAfterMs);
    }

    private Task<ChatTestHost> StartFakeClockHostAsync(FakeTimeProvider clock) =>
        StartHostAsync(configureServices: services => services.AddSingleton<TimeProvider>(clock));
}
