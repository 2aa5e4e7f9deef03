using Xunit;

namespace BstChat.Backplane.Specification;

public abstract partial class ChatInstanceSpecification
{
    private static readonly TypingUser Anna = new("anna", "Anna Smith");
    private static readonly TypingUser Ben = new("ben", "Ben");

    [Fact]
    public async Task A_user_shows_as_typing_until_the_typing_timeout_passes()
    {
        var typing = (await StartInstanceAsync()).Typing;
        var id = NewConversationId();
        await typing.SetTypingAsync(id, Anna, Cancellation);

        Time.Advance(TypingTimeout - TimeSpan.FromMilliseconds(1));
        var fresh = await typing.GetTypingAsync(id, Cancellation);
        Time.Advance(TimeSpan.FromMilliseconds(1));
        var expired = await typing.GetTypingAsync(id, Cancellation);

        Assert.Equal([Anna], fresh.Users);
        Assert.Empty(expired.Users);
        Assert.Null(expired.NextExpiry);
    }

    [Fact]
    public async Task Typing_again_renews_the_entry()
    {
        var typing = (await StartInstanceAsync()).Typing;
        var id = NewConversationId();
        await typing.SetTypingAsync(id, Anna, Cancellation);
        Time.Advance(TypingTimeout / 2);
        await typing.SetTypingAsync(id, Anna, Cancellation);

        Time.Advance(TypingTimeout / 2 + TimeSpan.FromSeconds(1));
        var renewed = await typing.GetTypingAsync(id, Cancellation);
        Time.Advance(TypingTimeout / 2);
        var expired = await typing.GetTypingAsync(id, Cancellation);

        Assert.Equal([Anna], renewed.Users);
        Assert.Empty(expired.Users);
    }

    [Fact]
    public async Task Typists_are_ordered_by_user_id_and_NextExpiry_is_the_first_expiry()
    {
        var typing = (await StartInstanceAsync()).Typing;
        var id = NewConversationId();
        var start = Time.GetUtcNow();
        await typing.SetTypingAsync(id, Ben, Cancellation);
        Time.Advance(TimeSpan.FromSeconds(2));
        await typing.SetTypingAsync(id, Anna, Cancellation);

        var both = await typing.GetTypingAsync(id, Cancellation);
        Time.Advance(TypingTimeout - TimeSpan.FromSeconds(2));
        var annaOnly = await typing.GetTypingAsync(id, Cancellation);

        Assert.Equal([Anna, Ben], both.Users);
        Assert.Equal(start + TypingTimeout, both.NextExpiry);
        Assert.Equal([Anna], annaOnly.Users);
        Assert.Equal(start + TimeSpan.FromSeconds(2) + TypingTimeout, annaOnly.NextExpiry);
    }

    [Fact]
    public async Task Clearing_removes_the_entry_and_says_whether_the_user_was_typing()
    {
        var typing = (await StartInstanceAsync()).Typing;
        var (id, otherId) = (NewConversationId(), NewConversationId());
        await typing.SetTypingAsync(id, Anna, Cancellation);
        await typing.SetTypingAsync(id, Ben, Cancellation);

        Assert.True(await typing.ClearAsync(id, Anna.UserId, Cancellation));
        Assert.False(await typing.ClearAsync(id, Anna.UserId, Cancellation));
        Assert.False(await typing.ClearAsync(otherId, Ben.UserId, Cancellation));
        Assert.Equal([Ben], (await typing.GetTypingAsync(id, Cancellation)).Users);

        Time.Advance(TypingTimeout);
        Assert.False(await typing.ClearAsync(id, Ben.UserId, Cancellation));
    }

    [Fact]
    public async Task Typing_in_one_conversation_does_not_show_in_another()
    {
        var typing = (await StartInstanceAsync()).Typing;
        var (id, otherId) = (NewConversationId(), NewConversationId());

        await typing.SetTypingAsync(id, Anna, Cancellation);

        Assert.Equal([Anna], (await typing.GetTypingAsync(id, Cancellation)).Users);
        Assert.Equal(Typing.TypingSnapshot.Empty, await typing.GetTypingAsync(otherId, Cancellation));
    }
}
