using System.Diagnostics;
using System.Net;
using BstChat.AspNetCore.Tests.Infrastructure;
using static BstChat.AspNetCore.Tests.Infrastructure.ChatSeed;

namespace BstChat.AspNetCore.Tests;

// The change feed held open: what wakes a waiting call, and what a cursor remembers.
public abstract partial class ChatApiTests
{
    [Fact]
    public async Task A_waiting_call_returns_a_message_sent_while_it_waits_and_the_next_call_does_not_repeat_it()
    {
        var host = await StartHostAsync();
        var anna = host.CreateClient(Anna.Id);
        var ben = host.CreateClient(Ben.Id);
        var start = await ben.GetChangesAsync(AnnaBen);

        var clock = Stopwatch.StartNew();
        var waiting = ben.GetChangesAsync(AnnaBen, start.Cursor, wait: ChatTestHost.HeldWaitSeconds);
        await host.WaitForWaitingRequestsAsync(1);
        var sent = await anna.SendMessageAsync(AnnaBen, "Are you there?");
        var changes = await waiting;

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, ChatTestHost.WokenPromptly);
        var received = Assert.Single(changes.Messages);
        Assert.Equal((sent.Id, "Are you there?"), (received.Id, received.Text));
        Assert.NotEqual(start.Cursor, changes.Cursor);

        var next = await ben.GetChangesAsync(AnnaBen, changes.Cursor, wait: 0);
        Assert.Empty(next.Messages);
        Assert.Equal(changes.Cursor, next.Cursor);
    }

    [Fact]
    public async Task Wait_zero_answers_at_once_with_no_messages()
    {
        var host = await StartHostAsync();
        var ben = host.CreateClient(Ben.Id);
        var start = await ben.GetChangesAsync(AnnaBen);

        var clock = Stopwatch.StartNew();
        var changes = await ben.GetChangesAsync(AnnaBen, start.Cursor, wait: 0);

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, ChatTestHost.WokenPromptly);
        Assert.Empty(changes.Messages);
        Assert.Equal(start.Cursor, changes.Cursor);
    }

    [Fact]
    public async Task A_wait_longer_than_MaxWait_is_capped_rather_than_refused()
    {
        var host = await StartHostAsync(o => o.MaxWait = TimeSpan.FromSeconds(1));
        var ben = host.CreateClient(Ben.Id);
        var start = await ben.GetChangesAsync(AnnaBen);

        var clock = Stopwatch.StartNew();
        using var response = await ben.RequestChangesAsync(AnnaBen, start.Cursor, wait: int.MaxValue);
        var changes = await response.ReadAsync<ApiChanges>(HttpStatusCode.OK);

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), ChatTestHost.WokenPromptly);
        Assert.Empty(changes.Messages);
    }

    [Fact]
    public async Task A_first_call_without_a_cursor_answers_at_once_with_the_current_cursor_even_when_asked_to_wait()
    {
        var host = await StartHostAsync();
        var anna = host.CreateClient(Anna.Id);
        await anna.SendMessageAsync(AnnaBen, "Before you looked");
        var ben = host.CreateClient(Ben.Id);

        var clock = Stopwatch.StartNew();
        var first = await ben.GetChangesAsync(AnnaBen, cursor: null, wait: ChatTestHost.HeldWaitSeconds);

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, ChatTestHost.WokenPromptly);
        Assert.Empty(first.Messages);
        var next = await ben.GetChangesAsync(AnnaBen, first.Cursor, wait: 0);
        Assert.Empty(next.Messages);
    }

    [Fact]
    public async Task A_typing_signal_wakes_a_waiting_call()
    {
        var host = await StartHostAsync();
        var anna = host.CreateClient(Anna.Id);
        var ben = host.CreateClient(Ben.Id);
        var start = await ben.GetChangesAsync(AnnaBen);

        var clock = Stopwatch.StartNew();
        var waiting = ben.GetChangesAsync(AnnaBen, start.Cursor, wait: ChatTestHost.HeldWaitSeconds);
        await host.WaitForWaitingRequestsAsync(1);
        using (var typing = await anna.PostTypingAsync(AnnaBen))
        {
            Assert.Equal(HttpStatusCode.NoContent, typing.StatusCode);
        }

        var changes = await waiting;

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, ChatTestHost.WokenPromptly);
        Assert.Empty(changes.Messages);
        Assert.Equal(Anna.Id, Assert.Single(changes.Typing).UserId);
        Assert.NotEqual(start.Cursor, changes.Cursor);
    }

    [Fact]
    public async Task A_read_marker_change_wakes_a_waiting_call()
    {
        var host = await StartHostAsync();
        var anna = host.CreateClient(Anna.Id);
        var ben = host.CreateClient(Ben.Id);
        var sent = await ben.SendMessageAsync(AnnaBen, "Did you get my homework?");
        var start = await ben.GetChangesAsync(AnnaBen);

        var clock = Stopwatch.StartNew();
        var waiting = ben.GetChangesAsync(AnnaBen, start.Cursor, wait: ChatTestHost.HeldWaitSeconds);
        await host.WaitForWaitingRequestsAsync(1);
        using (var read = await anna.PostReadAsync(AnnaBen, sent.Seq))
        {
            Assert.Equal(HttpStatusCode.NoContent, read.StatusCode);
        }

        var changes = await waiting;

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, ChatTestHost.WokenPromptly);
        Assert.Empty(changes.Messages);
        Assert.Equal(sent.Seq, Assert.Single(changes.ReadMarkers, r => r.UserId == Anna.Id).LastReadSeq);
        Assert.NotEqual(start.Cursor, changes.Cursor);
    }
}
