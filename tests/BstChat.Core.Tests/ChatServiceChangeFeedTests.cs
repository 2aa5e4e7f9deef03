using Microsoft.Extensions.Time.Testing;
using Xunit;
using static BstChat.Core.Tests.ChatTestHost;

namespace BstChat.Core.Tests;

/// <summary>Change-feed answers that come at once: cursors, paging and the suggested poll interval.</summary>
public sealed class ChatServiceChangeFeedTests : IAsyncLifetime
{
    private static readonly TimeSpan BusyPoll = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan QuietPoll = TimeSpan.FromSeconds(12);
    private static readonly TimeSpan BusyWindow = TimeSpan.FromMinutes(1);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly ChatTestHost _host;
    private string _id = "";

    public ChatServiceChangeFeedTests()
    {
        _host = ChatTestHost.Create(
            o => (o.BusyPollInterval, o.QuietPollInterval, o.BusyWindow, o.MaxPageSize, o.DefaultPageSize) = (BusyPoll, QuietPoll, BusyWindow, 2, 2),
            _time);
    }

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _id = await _host.CreateConversationAsync();

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Without_a_cursor_the_answer_is_the_current_cursor_and_no_messages()
    {
        await _host.SendAsync(_id, Bob);

        var answer = await _host.Chat.GetChangesAsync(_id, Alice, cursor: null, TimeSpan.FromSeconds(10), Cancellation);

        Assert.Equal(1, answer.Cursor.Seq);
        Assert.Empty(answer.Messages);
        Assert.Equal(3, answer.ReadMarkers.Count);
    }

    [Fact]
    public async Task With_a_cursor_the_answer_pages_through_what_changed_since()
    {
        var start = (await _host.Chat.GetChangesAsync(_id, Alice, null, TimeSpan.Zero, Cancellation)).Cursor;
        var sent = new[] { await _host.SendAsync(_id, Bob, "1"), await _host.SendAsync(_id, Bob, "2"), await _host.SendAsync(_id, Bob, "3") };

        var first = await _host.Chat.GetChangesAsync(_id, Alice, start, TimeSpan.Zero, Cancellation);
        var second = await _host.Chat.GetChangesAsync(_id, Alice, first.Cursor, TimeSpan.Zero, Cancellation);

        Assert.Equal(sent[..2], first.Messages);
        Assert.True(first.HasMore);
        Assert.Equal(TimeSpan.Zero, first.PollAfter);
        Assert.Equal([sent[2]], second.Messages);
        Assert.False(second.HasMore);
        Assert.Equal(3, second.Cursor.Seq);
    }

    [Fact]
    public async Task A_cursor_ahead_of_the_conversation_is_invalid()
    {
        await _host.SendAsync(_id, Bob);

        var error = await Assert.ThrowsAsync<ChatException>(async () =>
            await _host.Chat.GetChangesAsync(_id, Alice, new ChatCursor(2, 0), TimeSpan.Zero, Cancellation));

        Assert.Equal((ChatErrorKind.Invalid, ChatErrorCodes.InvalidCursor), (error.Kind, error.Code));
    }

    [Fact]
    public async Task A_negative_wait_is_invalid()
    {
        var error = await Assert.ThrowsAsync<ChatException>(async () =>
            await _host.Chat.GetChangesAsync(_id, Alice, null, TimeSpan.FromSeconds(-1), Cancellation));

        Assert.Equal((ChatErrorKind.Invalid, ChatErrorCodes.InvalidWait), (error.Kind, error.Code));
    }

    [Fact]
    public async Task A_recently_active_conversation_is_polled_at_the_busy_interval_and_a_quiet_one_at_the_quiet_interval()
    {
        await _host.SendAsync(_id, Bob);
        var busy = await _host.Chat.GetChangesAsync(_id, Alice, null, TimeSpan.Zero, Cancellation);

        _time.Advance(BusyWindow + TimeSpan.FromSeconds(1));
        var quiet = await _host.Chat.GetChangesAsync(_id, Alice, null, TimeSpan.Zero, Cancellation);

        Assert.Equal(BusyPoll, busy.PollAfter);
        Assert.Equal(QuietPoll, quiet.PollAfter);
    }

    [Fact]
    public async Task Someone_typing_makes_a_quiet_conversation_busy()
    {
        _time.Advance(BusyWindow + TimeSpan.FromSeconds(1));

        await _host.Chat.SetTypingAsync(_id, Bob, Cancellation);
        var answer = await _host.Chat.GetChangesAsync(_id, Alice, null, TimeSpan.Zero, Cancellation);

        Assert.Equal([new TypingUser(Bob, "Bob")], answer.Typing);
        Assert.Equal(BusyPoll, answer.PollAfter);
    }

    [Fact]
    public async Task A_wait_with_nothing_happening_ends_at_the_wait_time_with_the_same_cursor()
    {
        var cursor = (await _host.Chat.GetChangesAsync(_id, Alice, null, TimeSpan.Zero, Cancellation)).Cursor;

        var waiting = _host.Chat.GetChangesAsync(_id, Alice, cursor, TimeSpan.FromSeconds(10), Cancellation).AsTask();
        await _host.UntilWaitingAsync(1);
        var stillWaiting = !waiting.IsCompleted;
        _time.Advance(TimeSpan.FromSeconds(10));
        var answer = await waiting.WaitAsync(TimeSpan.FromSeconds(10), Cancellation);

        Assert.True(stillWaiting);
        Assert.Equal(cursor, answer.Cursor);
        Assert.Empty(answer.Messages);
        Assert.Equal(0, _host.Waiting);
    }
}
