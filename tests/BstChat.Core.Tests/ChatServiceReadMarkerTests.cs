using Xunit;
using static BstChat.Core.Tests.ChatTestHost;

namespace BstChat.Core.Tests;

/// <summary>Marking a conversation read.</summary>
public sealed class ChatServiceReadMarkerTests : IAsyncLifetime
{
    private readonly ChatTestHost _host = ChatTestHost.Create();
    private string _id = "";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _id = await _host.CreateConversationAsync();
        await _host.SendAsync(_id, Bob, "one");
        await _host.SendAsync(_id, Bob, "two");
        await _host.SendAsync(_id, Bob, "three");
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Theory]
    [InlineData(-1L)]
    [InlineData(4L)]
    public async Task A_read_marker_outside_zero_to_LastSeq_is_invalid(long seq)
    {
        var error = await Assert.ThrowsAsync<ChatException>(async () => await _host.Chat.MarkReadAsync(_id, Alice, seq, Cancellation));

        Assert.Equal((ChatErrorKind.Invalid, ChatErrorCodes.InvalidReadSeq), (error.Kind, error.Code));
        Assert.Equal(0, await AlicesMarkerAsync());
    }

    [Fact]
    public async Task A_read_marker_moves_forward_and_never_back()
    {
        Assert.Equal(2, await _host.Chat.MarkReadAsync(_id, Alice, 2, Cancellation));
        Assert.Equal(2, await _host.Chat.MarkReadAsync(_id, Alice, 1, Cancellation));
        Assert.Equal(3, await _host.Chat.MarkReadAsync(_id, Alice, 3, Cancellation));
        Assert.Equal(3, await AlicesMarkerAsync());
    }

    [Fact]
    public async Task The_inbox_counts_what_is_left_unread()
    {
        await _host.Chat.MarkReadAsync(_id, Alice, 1, Cancellation);

        var entry = Assert.Single((await _host.Chat.GetInboxAsync(Alice, Cancellation)).Conversations);

        Assert.Equal((1L, 2L, "three"), (entry.LastReadSeq, entry.UnreadCount, entry.LastMessage?.Text));
    }

    private async Task<long> AlicesMarkerAsync() =>
        (await _host.Chat.GetConversationAsync(_id, Alice, Cancellation)).Members.Single(m => m.UserId == Alice).LastReadSeq;
}
