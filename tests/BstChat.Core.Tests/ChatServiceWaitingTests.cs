using System.Diagnostics;
using BstChat.Typing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using static BstChat.Core.Tests.ChatTestHost;

namespace BstChat.Core.Tests;

/// <summary>
/// Long-polling on the real clock: a held request answers as soon as something changes.
/// Each wait asks for 4 minutes and the re-check is 5 minutes away (<see cref="Patient"/>), so
/// only a notification, a typing expiry, a disconnect or shutdown can end it within
/// <see cref="Soon"/>: a bound on which path answered, generous enough for any busy machine.
/// </summary>
public sealed class ChatServiceWaitingTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan Soon = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Far = TimeSpan.FromMinutes(5);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_wait_returns_as_soon_as_another_member_sends()
    {
        await using var host = Create(Patient);
        var id = await host.CreateConversationAsync();
        var cursor = await CursorAsync(host, id);

        var (answer, elapsed) = await WaitWhileAsync(host, id, cursor, () => host.SendAsync(id, Bob, "are you there?"));

        Assert.InRange(elapsed, TimeSpan.Zero, Soon);
        Assert.Equal("are you there?", Assert.Single(answer.Messages).Text);
        Assert.Equal(1, answer.Cursor.Seq);
    }

    [Fact]
    public async Task A_typing_signal_wakes_a_waiter()
    {
        await using var host = Create(Patient);
        var id = await host.CreateConversationAsync();
        var cursor = await CursorAsync(host, id);

        var (answer, elapsed) = await WaitWhileAsync(host, id, cursor, () => host.Chat.SetTypingAsync(id, Bob, Cancellation).AsTask());

        Assert.InRange(elapsed, TimeSpan.Zero, Soon);
        Assert.Empty(answer.Messages);
        Assert.Equal([new TypingUser(Bob, "Bob")], answer.Typing);
        Assert.Equal(cursor.Seq, answer.Cursor.Seq);
        Assert.NotEqual(cursor.StateHash, answer.Cursor.StateHash);
    }

    [Fact]
    public async Task A_read_marker_moving_wakes_a_waiter()
    {
        await using var host = Create(Patient);
        var id = await host.CreateConversationAsync();
        await host.SendAsync(id, Alice);
        var cursor = await CursorAsync(host, id);

        var (answer, elapsed) = await WaitWhileAsync(host, id, cursor, () => host.Chat.MarkReadAsync(id, Bob, 1, Cancellation).AsTask());

        Assert.InRange(elapsed, TimeSpan.Zero, Soon);
        Assert.Contains(new ReadMarker(Bob, 1), answer.ReadMarkers);
    }

    [Fact]
    public async Task A_typing_entry_expiring_ends_a_wait()
    {
        // A fake clock: the entry is shown however slow the machine, and expires only when the test says.
        var time = new FakeTimeProvider();
        var typingTimeout = TimeSpan.FromSeconds(5);
        await using var host = Create(o => { Patient(o); o.TypingTimeout = typingTimeout; }, time: time);
        var id = await host.CreateConversationAsync();
        await host.Chat.SetTypingAsync(id, Bob, Cancellation);
        var shown = await host.Chat.GetChangesAsync(id, Alice, null, TimeSpan.Zero, Cancellation);
        Assert.Equal([new TypingUser(Bob, "Bob")], shown.Typing);

        var waiting = host.Chat.GetChangesAsync(id, Alice, shown.Cursor, Wait, Cancellation).AsTask();
        await host.UntilWaitingAsync(1);
        Assert.False(waiting.IsCompleted, "The wait answered before the entry expired.");
        time.Advance(typingTimeout + TimeSpan.FromSeconds(1));

        // Nothing else can end it: the clock stops short of the wait's deadline and the re-check.
        var answer = await waiting.WaitAsync(Soon, Cancellation);
        Assert.Empty(answer.Typing);
        Assert.NotEqual(shown.Cursor, answer.Cursor);
    }

    [Fact]
    public async Task A_typing_expiry_already_past_when_read_does_not_break_the_wait()
    {
        // The tracker's clock runs behind the service's, as when time passes between reading typing
        // state and computing the wait: it still shows bob typing, with an expiry the service sees as past.
        var time = new FakeTimeProvider();
        var typingTimeout = TimeSpan.FromSeconds(5);
        var behind = new LaggingTimeProvider(time, typingTimeout + TimeSpan.FromSeconds(1));
        await using var host = Create(
            o => { Patient(o); o.TypingTimeout = typingTimeout; },
            time: time,
            replace: services => services.AddSingleton<ITypingTracker>(provider =>
                new InMemoryTypingTracker(behind, provider.GetRequiredService<IOptions<BstChatOptions>>())));
        var id = await host.CreateConversationAsync();
        await host.Chat.SetTypingAsync(id, Bob, Cancellation);
        var shown = await host.Chat.GetChangesAsync(id, Alice, null, TimeSpan.Zero, Cancellation);
        Assert.Equal([new TypingUser(Bob, "Bob")], shown.Typing);

        // The expiry is already past for the service: the wait must neither answer at once with bob
        // still typing nor spin; it re-checks a little later, each time the clock moves, until the
        // tracker's own clock passes the entry.
        var waiting = host.Chat.GetChangesAsync(id, Alice, shown.Cursor, Wait, Cancellation).AsTask();
        using var hangGuard = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        hangGuard.CancelAfter(Soon);
        while (!waiting.IsCompleted)
        {
            time.Advance(TimeSpan.FromMilliseconds(500));
            await Task.Delay(TimeSpan.FromMilliseconds(10), hangGuard.Token);
        }

        var answer = await waiting;
        Assert.Empty(answer.Typing);
        Assert.NotEqual(shown.Cursor, answer.Cursor);
    }

    [Fact]
    public async Task Application_shutdown_ends_a_wait_early_with_an_empty_answer()
    {
        using var lifetime = new TestApplicationLifetime();
        await using var host = Create(Patient, lifetime: lifetime);
        var id = await host.CreateConversationAsync();
        var cursor = await CursorAsync(host, id);

        var (answer, elapsed) = await WaitWhileAsync(host, id, cursor, () =>
        {
            lifetime.StopApplication();
            return Task.CompletedTask;
        });

        Assert.InRange(elapsed, TimeSpan.Zero, Soon);
        Assert.Equal(cursor, answer.Cursor);
        Assert.Empty(answer.Messages);
        Assert.Equal(0, host.Waiting);
    }

    [Fact]
    public async Task A_wait_asked_for_during_shutdown_answers_at_once()
    {
        using var lifetime = new TestApplicationLifetime();
        await using var host = Create(Patient, lifetime: lifetime);
        var id = await host.CreateConversationAsync();
        var cursor = await CursorAsync(host, id);
        lifetime.StopApplication();

        var stopwatch = Stopwatch.StartNew();
        var answer = await host.Chat.GetChangesAsync(id, Alice, cursor, Wait, Cancellation).AsTask().WaitAsync(Soon, Cancellation);

        Assert.InRange(stopwatch.Elapsed, TimeSpan.Zero, Soon);
        Assert.Equal(cursor, answer.Cursor);
    }

    [Fact]
    public async Task A_user_over_the_wait_cap_is_refused_with_too_many_waits()
    {
        // A fake clock never moves, so the held waits end only when cancelled.
        await using var host = Create(o => o.MaxConcurrentWaitsPerUser = 2, time: new FakeTimeProvider());
        var id = await host.CreateConversationAsync();
        var cursor = await CursorAsync(host, id);
        using var clientGone = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        var held = new[]
        {
            host.Chat.GetChangesAsync(id, Alice, cursor, Wait, clientGone.Token).AsTask(),
            host.Chat.GetChangesAsync(id, Alice, cursor, Wait, clientGone.Token).AsTask(),
        };
        await host.UntilWaitingAsync(2);

        // Bounded: a third wait let through would be held for good by the fake clock.
        var error = await Assert.ThrowsAsync<ChatException>(() => host.Chat.GetChangesAsync(id, Alice, cursor, Wait, Cancellation).AsTask().WaitAsync(Soon, Cancellation));
        var bobsAnswer = await host.Chat.GetChangesAsync(id, Bob, null, TimeSpan.Zero, Cancellation);

        Assert.Equal((ChatErrorKind.RateLimited, ChatErrorCodes.TooManyWaits), (error.Kind, error.Code));
        Assert.Equal(host.Options.BusyPollInterval, error.RetryAfter);
        Assert.Empty(bobsAnswer.Messages);
        await clientGone.CancelAsync();
        foreach (var wait in held)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(Soon, Cancellation));
        }

        Assert.Equal(0, host.Waiting);
    }

    [Fact]
    public async Task A_wait_over_the_total_cap_is_refused_with_too_many_waits_in_total()
    {
        await using var host = Create(o => (o.MaxConcurrentWaitsPerUser, o.MaxConcurrentWaits) = (1, 1), time: new FakeTimeProvider());
        var id = await host.CreateConversationAsync();
        var cursor = await CursorAsync(host, id);
        using var clientGone = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        var alicesWait = host.Chat.GetChangesAsync(id, Alice, cursor, Wait, clientGone.Token).AsTask();
        await host.UntilWaitingAsync(1);

        // Bob holds nothing, yet the server is full.
        var error = await Assert.ThrowsAsync<ChatException>(() => host.Chat.GetChangesAsync(id, Bob, cursor, Wait, Cancellation).AsTask().WaitAsync(Soon, Cancellation));
        var bobsPoll = await host.Chat.GetChangesAsync(id, Bob, cursor, TimeSpan.Zero, Cancellation);

        Assert.Equal((ChatErrorKind.RateLimited, ChatErrorCodes.TooManyWaitsInTotal), (error.Kind, error.Code));
        Assert.Equal(host.Options.QuietPollInterval, error.RetryAfter);
        Assert.Empty(bobsPoll.Messages);
        await clientGone.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => alicesWait.WaitAsync(Soon, Cancellation));
        Assert.Equal(0, host.Waiting);
    }

    [Fact]
    public async Task A_client_going_away_ends_its_wait_with_cancellation()
    {
        await using var host = Create(Patient);
        var id = await host.CreateConversationAsync();
        var cursor = await CursorAsync(host, id);
        using var clientGone = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);

        var (wait, elapsed) = await StartWaitThenChangeAsync(host, id, cursor, () => clientGone.CancelAsync(), clientGone.Token);

        Assert.InRange(elapsed, TimeSpan.Zero, Soon);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
        Assert.Equal(0, host.Waiting);
    }

    /// <summary>Neither the re-check nor the wait's own end can come within <see cref="Soon"/>.</summary>
    private static void Patient(BstChatOptions options) => (options.RecheckInterval, options.MaxWait) = (Far, Far);

    private static async Task<ChatCursor> CursorAsync(ChatTestHost host, string id) =>
        (await host.Chat.GetChangesAsync(id, Alice, null, TimeSpan.Zero, Cancellation)).Cursor;

    /// <summary>Starts alice waiting, runs <paramref name="change"/> once she waits, and returns her answer and how long it took.</summary>
    private static async Task<(ChangeSet Answer, TimeSpan Elapsed)> WaitWhileAsync(ChatTestHost host, string id, ChatCursor cursor, Func<Task> change)
    {
        var (wait, elapsed) = await StartWaitThenChangeAsync(host, id, cursor, change, Cancellation);
        return (await wait, elapsed);
    }

    /// <summary>Like <see cref="WaitWhileAsync"/>, but alice's wait may be cancelled by <paramref name="cancellationToken"/>: returns the wait itself.</summary>
    private static async Task<(Task<ChangeSet> Wait, TimeSpan Elapsed)> StartWaitThenChangeAsync(
        ChatTestHost host, string id, ChatCursor cursor, Func<Task> change, CancellationToken cancellationToken)
    {
        var wait = host.Chat.GetChangesAsync(id, Alice, cursor, Wait, cancellationToken).AsTask();
        await host.UntilWaitingAsync(1);
        Assert.False(wait.IsCompleted, "The wait ended before anything changed.");

        var stopwatch = Stopwatch.StartNew();
        await change();
        try
        {
            await wait.WaitAsync(Soon, Cancellation);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !Cancellation.IsCancellationRequested)
        {
            // The caller asserts on the cancelled wait itself.
        }

        return (wait, stopwatch.Elapsed);
    }
}
