using Xunit;

namespace BstChat.Backplane.Specification;

public abstract partial class ChatBackplaneSpecification
{
    /// <summary>
    /// Whether the implementation shares presence between instances (it registers a presence
    /// backplane, e.g. with <c>AddPresenceBackplane</c>), so the presence tests across instances
    /// run. <see langword="false"/> unless overridden: presence is then each instance's own.
    /// </summary>
    protected virtual bool SharesPresence => false;

    [Fact]
    public async Task A_user_feed_on_one_instance_sees_a_member_come_online_whose_feed_is_held_on_the_other()
    {
        SkipUnlessSharingPresence();
        var (a, b) = await StartTwoInstancesAsync();
        var id = await CreateLessonAsync(a);
        var annaCursor = (await a.Chat.GetUserChangesAsync("anna", null, TimeSpan.Zero, Cancellation)).Cursor;
        var annaWaiting = a.Chat.GetUserChangesAsync("anna", annaCursor, TypingTimeout, Cancellation).AsTask();
        await a.UntilWaitingAsync(1);

        using var benLeaves = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        var benCursor = (await b.Chat.GetUserChangesAsync("ben", null, TimeSpan.Zero, benLeaves.Token)).Cursor;
        var benWaiting = b.Chat.GetUserChangesAsync("ben", benCursor, TypingTimeout, benLeaves.Token).AsTask();
        await b.UntilWaitingAsync(1);

        // Ben coming online on B woke Anna's feed on A, which shows him held there.
        var annaSees = await annaWaiting.WaitAsync(HangGuard, Cancellation);
        var conversationOnA = await a.Chat.GetConversationAsync(id, "anna", Cancellation);
        await benLeaves.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => benWaiting.WaitAsync(HangGuard, Cancellation));

        Assert.Equal([new UserPresence("ben", true, null)], annaSees.Presence);
        Assert.Equal([new UserPresence("ben", true, null)], conversationOnA.Presence);
    }

    [Fact]
    public async Task A_member_released_on_the_other_instance_shows_last_seen_once_the_grace_period_passes()
    {
        SkipUnlessSharingPresence();
        var (a, b) = await StartTwoInstancesAsync();
        var id = await CreateLessonAsync(a);
        var grace = new BstChatOptions().PresenceGracePeriod;

        await b.Chat.GetUserChangesAsync("ben", null, TimeSpan.Zero, Cancellation);
        var answered = Time.GetUtcNow();
        var withinGrace = (await a.Chat.GetConversationAsync(id, "anna", Cancellation)).Presence;
        Time.Advance(grace);
        var afterGrace = (await a.Chat.GetConversationAsync(id, "anna", Cancellation)).Presence;

        Assert.Equal([new UserPresence("ben", true, null)], withinGrace);
        Assert.Equal([new UserPresence("ben", false, answered)], afterGrace);
    }

    private void SkipUnlessSharingPresence() =>
        Assert.SkipUnless(SharesPresence, $"{GetType().Name} does not share presence between instances (SharesPresence).");
}
