using BstChat.Storage.Mongo.Documents;
using BstChat.Storage.Mongo.GapFree;
using Xunit;

namespace BstChat.Storage.Mongo.Tests.GapFree;

/// <summary>Which messages the change feed returns for the change documents inside the prefix.</summary>
public sealed class ChangeSelectionTests
{
    [Fact]
    public void Each_change_returns_its_message_in_seq_order()
    {
        var selected = Select([Change(3, "a"), Change(4, "b")], [Message("a", 3), Message("b", 4)]);

        Assert.Equal(["a", "b"], selected.Select(m => m.Id));
    }

    [Fact]
    public void A_message_changed_twice_in_range_comes_once_at_its_latest_change()
    {
        var selected = Select([Change(3, "a"), Change(4, "b"), Change(5, "a")], [Message("a", 5), Message("b", 4)]);

        Assert.Equal([("b", 4L), ("a", 5L)], selected.Select(m => (m.Id, m.ChangeSeq)));
    }

    [Fact]
    public void A_message_whose_latest_change_is_past_the_prefix_is_held_back()
    {
        // The prefix ends at 4; the message moved on to 6, which readers may not see yet.
        var selected = Select([Change(3, "a"), Change(4, "b")], [Message("a", 6), Message("b", 4)]);

        Assert.Equal(["b"], selected.Select(m => m.Id));
    }

    [Fact]
    public void A_seq_that_carries_no_change_returns_nothing()
    {
        var selected = Select([Change(3, null), Change(4, "b")], [Message("b", 4)]);

        Assert.Equal(["b"], selected.Select(m => m.Id));
    }

    [Fact]
    public void A_change_whose_message_is_missing_returns_nothing()
    {
        Assert.Empty(Select([Change(3, "gone")], []));
    }

    [Fact]
    public void At_most_the_room_left_is_returned()
    {
        var changes = Enumerable.Range(1, 5).Select(i => Change(i, $"m{i}")).ToList();
        var messages = Enumerable.Range(1, 5).Select(i => Message($"m{i}", i)).ToList();

        var selected = ChangeSelection.Select(changes, messages.ToDictionary(m => m.Id), room: 2);

        Assert.Equal(["m1", "m2"], selected.Select(m => m.Id));
    }

    private static IReadOnlyList<MessageDocument> Select(List<ChangeDocument> changes, List<MessageDocument> messages) =>
        ChangeSelection.Select(changes, messages.ToDictionary(m => m.Id), room: 100);

    private static ChangeDocument Change(long seq, string? messageId) => ChangeDocument.For("c1", seq, messageId);

    private static MessageDocument Message(string id, long changeSeq) => new() { Id = id, ConversationId = "c1", Seq = 1, ChangeSeq = changeSeq };
}
