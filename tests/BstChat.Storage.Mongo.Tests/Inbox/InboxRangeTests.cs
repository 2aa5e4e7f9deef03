using BstChat.Storage.Mongo.Inbox;
using Xunit;

namespace BstChat.Storage.Mongo.Tests.Inbox;

/// <summary>Which messages of a conversation the inbox reads: the unread ones and the last few seqs.</summary>
public sealed class InboxRangeTests
{
    [Fact]
    public void Unread_messages_are_all_read_however_many()
    {
        var range = new InboxRange("c1", LastReadSeq: 3, Head: 500);

        Assert.Equal(3, range.After);
        Assert.True(range.CanHaveUnread);
    }

    [Fact]
    public void A_read_conversation_reads_only_its_last_window_of_seqs()
    {
        var range = new InboxRange("c1", LastReadSeq: 500, Head: 500);

        Assert.Equal(500 - InboxRange.LastMessageWindow, range.After);
        Assert.False(range.CanHaveUnread);
        Assert.True(range.MayHaveOlderLastMessage);
    }

    [Fact]
    public void A_short_conversation_is_read_from_its_start_and_has_nothing_before()
    {
        var range = new InboxRange("c1", LastReadSeq: 5, Head: 7);

        Assert.Equal(0, range.After);
        Assert.False(range.MayHaveOlderLastMessage);
    }

    [Fact]
    public void A_conversation_without_changes_is_not_read()
    {
        Assert.True(new InboxRange("c1", 0, 0).IsEmpty);
        Assert.False(new InboxRange("c1", 0, 1).IsEmpty);
    }
}
