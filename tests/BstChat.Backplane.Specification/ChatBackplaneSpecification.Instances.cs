using Xunit;

namespace BstChat.Backplane.Specification;

public abstract partial class ChatBackplaneSpecification
{
    private static readonly TypingUser Chloe = new("chloe", "Chloe");
    private static readonly TypingUser Dan = new("dan", "Dan");

    [Fact]
    public async Task A_notify_on_one_instance_wakes_subscribers_of_that_conversation_on_the_other()
    {
        var (a, b) = await StartTwoInstancesAsync();
        var (id, otherId) = (NewConversationId(), NewConversationId());
        using var onB = b.Notifier.Subscribe(id);
        using var otherOnB = b.Notifier.Subscribe(otherId);

        await a.Notifier.NotifyAsync(id, Cancellation);

        Assert.True(await onB.WaitAsync(TypingTimeout, Cancellation).WaitAsync(HangGuard, Cancellation));
        Assert.False(otherOnB.IsSignalled);
    }

    [Fact]
    public async Task Each_instance_hears_the_other()
    {
        var (a, b) = await StartTwoInstancesAsync();
        var id = NewConversationId();
        using var onA = a.Notifier.Subscribe(id);
        using var onB = b.Notifier.Subscribe(id);

        await b.Notifier.NotifyAsync(id, Cancellation);
        var aWoken = await onA.WaitAsync(TypingTimeout, Cancellation).WaitAsync(HangGuard, Cancellation);
        using var onBAgain = b.Notifier.Subscribe(id);
        await a.Notifier.NotifyAsync(id, Cancellation);

        Assert.True(aWoken);
        Assert.True(onB.IsSignalled);
        Assert.True(await onBAgain.WaitAsync(TypingTimeout, Cancellation).WaitAsync(HangGuard, Cancellation));
    }

    [Fact]
    public async Task Typing_set_on_one_instance_is_read_and_cleared_on_the_other()
    {
        var (a, b) = await StartTwoInstancesAsync();
        var (id, otherId) = (NewConversationId(), NewConversationId());
        var start = Time.GetUtcNow();

        await a.Typing.SetTypingAsync(id, Dan, Cancellation);
        Time.Advance(TimeSpan.FromSeconds(1));
        await a.Typing.SetTypingAsync(id, Chloe, Cancellation);
        var seenOnB = await b.Typing.GetTypingAsync(id, Cancellation);

        Assert.Equal([Chloe, Dan], seenOnB.Users);
        Assert.Equal(start + TypingTimeout, seenOnB.NextExpiry);
        Assert.Empty((await b.Typing.GetTypingAsync(otherId, Cancellation)).Users);

        Assert.True(await b.Typing.ClearAsync(id, Chloe.UserId, Cancellation));
        Assert.False(await b.Typing.ClearAsync(id, Chloe.UserId, Cancellation));
        Assert.Equal([Dan], (await a.Typing.GetTypingAsync(id, Cancellation)).Users);
    }

    [Fact]
    public async Task Typing_expires_on_every_instance()
    {
        var (a, b) = await StartTwoInstancesAsync();
        var id = NewConversationId();
        await a.Typing.SetTypingAsync(id, Chloe, Cancellation);

        Time.Advance(TypingTimeout - TimeSpan.FromMilliseconds(1));
        var beforeOnB = await b.Typing.GetTypingAsync(id, Cancellation);
        Time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal([Chloe], beforeOnB.Users);
        Assert.Empty((await b.Typing.GetTypingAsync(id, Cancellation)).Users);
        Assert.Empty((await a.Typing.GetTypingAsync(id, Cancellation)).Users);
        Assert.False(await b.Typing.ClearAsync(id, Chloe.UserId, Cancellation));
    }

    [Fact]
    public async Task A_message_sent_on_one_instance_wakes_a_change_feed_request_waiting_on_the_other()
    {
        var (a, b) = await StartTwoInstancesAsync();
        var id = await CreateLessonAsync(a);
        var cursor = (await b.Chat.GetChangesAsync(id, "ben", null, TimeSpan.Zero, Cancellation)).Cursor;

        var waitingOnB = b.Chat.GetChangesAsync(id, "ben", cursor, TypingTimeout, Cancellation).AsTask();
        await b.UntilWaitingAsync(1);
        await a.Chat.SendAsync(id, "anna", "Hello from A", null, Cancellation);

        var changes = await waitingOnB.WaitAsync(HangGuard, Cancellation);
        Assert.Equal("Hello from A", Assert.Single(changes.Messages).Text);
    }

    [Fact]
    public async Task Typing_on_one_instance_wakes_a_change_feed_request_waiting_on_the_other_and_shows_there()
    {
        var (a, b) = await StartTwoInstancesAsync();
        var id = await CreateLessonAsync(a);
        var cursor = (await b.Chat.GetChangesAsync(id, "ben", null, TimeSpan.Zero, Cancellation)).Cursor;

        var waitingOnB = b.Chat.GetChangesAsync(id, "ben", cursor, TypingTimeout, Cancellation).AsTask();
        await b.UntilWaitingAsync(1);
        await a.Chat.SetTypingAsync(id, "anna", Cancellation);

        var changes = await waitingOnB.WaitAsync(HangGuard, Cancellation);
        Assert.Equal("anna", Assert.Single(changes.Typing).UserId);
        Assert.Equal("anna", Assert.Single((await b.Chat.GetChangesAsync(id, "ben", changes.Cursor, TimeSpan.Zero, Cancellation)).Typing).UserId);
    }
}
