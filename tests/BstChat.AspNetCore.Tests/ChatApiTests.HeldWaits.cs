using System.Diagnostics;
using System.Net;
using BstChat.AspNetCore.Tests.Infrastructure;
using static BstChat.AspNetCore.Tests.Infrastructure.ChatSeed;

namespace BstChat.AspNetCore.Tests;

// What the server holds open: released on disconnect and shutdown, capped per user.
public abstract partial class ChatApiTests
{
    [Fact]
    public async Task A_waiting_call_ends_on_the_server_when_the_client_disconnects()
    {
        var host = await StartHostAsync();
        var ben = host.CreateClient(Ben.Id);
        var start = await ben.GetChangesAsync(AnnaBen);

        using var hangUp = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        var waiting = ben.GetAsync(ChatHttp.ChangesPath(AnnaBen, start.Cursor, wait: ChatTestHost.HeldWaitSeconds), hangUp.Token);
        await host.WaitForWaitingRequestsAsync(1);
        await hangUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        // Long before the wait would end, the server lets go of it...
        await host.WaitForWaitingRequestsAsync(0);

        // ...and its slot under the per-user cap is free again.
        var refills = Enumerable.Range(0, ChatTestHost.MaxConcurrentWaitsPerUser)
            .Select(_ => ben.GetChangesAsync(AnnaBen, start.Cursor, wait: ChatTestHost.HeldWaitSeconds))
            .ToList();
        await host.WaitForWaitingRequestsAsync(ChatTestHost.MaxConcurrentWaitsPerUser);
        await host.CreateClient(Anna.Id).SendMessageAsync(AnnaBen, "Wake up");
        Assert.All(await Task.WhenAll(refills), changes => Assert.Single(changes.Messages));
    }

    [Fact]
    public async Task A_waiting_call_is_answered_promptly_with_no_messages_when_the_application_stops()
    {
        var host = await StartHostAsync();
        var ben = host.CreateClient(Ben.Id);
        var start = await ben.GetChangesAsync(AnnaBen);

        var clock = Stopwatch.StartNew();
        var waiting = ben.RequestChangesAsync(AnnaBen, start.Cursor, wait: ChatTestHost.HeldWaitSeconds);
        await host.WaitForWaitingRequestsAsync(1);
        await host.StopAsync();
        using var response = await waiting;

        var changes = await response.ReadAsync<ApiChanges>(HttpStatusCode.OK);
        Assert.Empty(changes.Messages);
        Assert.Equal(start.Cursor, changes.Cursor);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, ChatTestHost.WokenPromptly);
    }

    [Fact]
    public async Task A_wait_over_the_per_user_cap_is_refused_with_429_and_Retry_After()
    {
        var host = await StartHostAsync(o => o.MaxConcurrentWaitsPerUser = 2);
        var anna = host.CreateClient(Anna.Id);
        var ben = host.CreateClient(Ben.Id);
        var start = await ben.GetChangesAsync(AnnaBen);
        var held = new[]
        {
            ben.GetChangesAsync(AnnaBen, start.Cursor, wait: ChatTestHost.HeldWaitSeconds),
            ben.GetChangesAsync(AnnaBen, start.Cursor, wait: ChatTestHost.HeldWaitSeconds),
        };
        await host.WaitForWaitingRequestsAsync(2);

        using var third = await ben.RequestChangesAsync(AnnaBen, start.Cursor, wait: ChatTestHost.HeldWaitSeconds);

        await third.AssertProblemAsync(HttpStatusCode.TooManyRequests, ChatErrorCodes.TooManyWaits);
        Assert.True(third.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"Retry-After was '{third.Headers.RetryAfter}'.");

        // The cap is on waiting: Ben may still poll, and Anna may still wait.
        Assert.Empty((await ben.GetChangesAsync(AnnaBen, start.Cursor, wait: 0)).Messages);
        var annaWaits = anna.GetChangesAsync(AnnaBen, start.Cursor, wait: ChatTestHost.HeldWaitSeconds);
        await host.WaitForWaitingRequestsAsync(3);

        var sent = await anna.SendMessageAsync(AnnaBen, "Everyone awake?");
        Assert.All(await Task.WhenAll([.. held, annaWaits]), changes => Assert.Equal(sent.Id, Assert.Single(changes.Messages).Id));
    }
}
