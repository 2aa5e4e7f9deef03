using Xunit;

namespace BstChat.Backplane.Specification;

public abstract partial class ChatInstanceSpecification
{
    [Fact]
    public async Task A_member_whose_feed_is_held_shows_online_then_last_seen_once_the_grace_period_after_it_passes()
    {
        var instance = await StartInstanceAsync();
        var id = await CreateLessonAsync(instance);
        var grace = new BstChatOptions().PresenceGracePeriod;
        var neverSeen = (await instance.Chat.GetConversationAsync(id, Anna.UserId, Cancellation)).Presence;

        using var benLeaves = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        var benWaiting = HoldUserFeedAsync(instance, Ben.UserId, benLeaves.Token);
        await instance.UntilWaitingAsync(1);
        var whileHeld = (await instance.Chat.GetConversationAsync(id, Anna.UserId, Cancellation)).Presence;
        await benLeaves.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Soon(benWaiting));
        var left = Time.GetUtcNow();
        Time.Advance(grace - TimeSpan.FromMilliseconds(1));
        var withinGrace = (await instance.Chat.GetConversationAsync(id, Anna.UserId, Cancellation)).Presence;
        Time.Advance(TimeSpan.FromMilliseconds(1));
        var afterGrace = (await instance.Chat.GetConversationAsync(id, Anna.UserId, Cancellation)).Presence;

        Assert.Equal([new UserPresence(Ben.UserId, false, null)], neverSeen);
        Assert.Equal([new UserPresence(Ben.UserId, true, null)], whileHeld);
        Assert.Equal([new UserPresence(Ben.UserId, true, null)], withinGrace);
        Assert.Equal([new UserPresence(Ben.UserId, false, left)], afterGrace);
    }

    /// <summary>
    /// Holds a user feed request of <paramref name="userId"/> on <paramref name="instance"/> for
    /// <see cref="LongPoll"/> (only a notification answers it sooner, as <see cref="Time"/> stands
    /// still), after a first request that takes its cursor.
    /// </summary>
    private static async Task<UserChangeSet> HoldUserFeedAsync(ChatInstance instance, string userId, CancellationToken cancellationToken)
    {
        var cursor = (await instance.Chat.GetUserChangesAsync(userId, null, TimeSpan.Zero, cancellationToken)).Cursor;
        return await instance.Chat.GetUserChangesAsync(userId, cursor, LongPoll, cancellationToken);
    }
}
