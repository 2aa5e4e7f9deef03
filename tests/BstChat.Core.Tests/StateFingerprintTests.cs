using BstChat.Feed;
using Xunit;

namespace BstChat.Core.Tests;

public sealed class StateFingerprintTests
{
    private static readonly TypingUser Alice = new("alice", "Alice");
    private static readonly TypingUser Bob = new("bob", "Bob");

    [Fact]
    public void The_order_of_typing_users_and_read_markers_does_not_matter()
    {
        var one = StateFingerprint.Compute([Alice, Bob], [new("alice", 3), new("bob", 5)]);
        var other = StateFingerprint.Compute([Bob, Alice], [new("bob", 5), new("alice", 3)]);

        Assert.Equal(one, other);
    }

    [Fact]
    public void Someone_starting_or_stopping_typing_changes_it()
    {
        ReadMarker[] markers = [new("alice", 3), new("bob", 5)];

        var nobody = StateFingerprint.Compute([], markers);
        var alice = StateFingerprint.Compute([Alice], markers);
        var both = StateFingerprint.Compute([Alice, Bob], markers);

        Assert.Equal(3, new[] { nobody, alice, both }.Distinct().Count());
    }

    [Fact]
    public void A_read_marker_moving_changes_it()
    {
        var before = StateFingerprint.Compute([Alice], [new("alice", 3), new("bob", 5)]);
        var after = StateFingerprint.Compute([Alice], [new("alice", 4), new("bob", 5)]);
        var swapped = StateFingerprint.Compute([Alice], [new("alice", 5), new("bob", 3)]);

        Assert.Equal(3, new[] { before, after, swapped }.Distinct().Count());
    }

    [Fact]
    public void Typing_and_read_markers_of_different_users_are_told_apart()
    {
        Assert.NotEqual(StateFingerprint.Compute([new("ab", "")], []), StateFingerprint.Compute([new("a", ""), new("b", "")], []));
        Assert.NotEqual(StateFingerprint.Compute([Alice], []), StateFingerprint.Compute([], [new("alice", 0)]));
        Assert.NotEqual(StateFingerprint.Compute([], [new("alice", 1)]), StateFingerprint.Compute([], [new("bob", 1)]));
    }

    [Fact]
    public void It_is_the_same_in_every_process()
    {
        // Pinned: instances of a scaled-out site must agree, so no per-process seeded hashing.
        Assert.Equal(0x86d58c4fae46bb90UL, StateFingerprint.Compute([Alice], [new("alice", 3), new("bob", 5)]));
    }
}
