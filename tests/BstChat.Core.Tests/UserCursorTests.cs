using BstChat.Feed;
using Xunit;

namespace BstChat.Core.Tests;

public sealed class UserCursorTests
{
    [Fact]
    public void The_text_form_reads_back_as_the_same_positions_and_is_url_safe()
    {
        var cursor = new UserCursor(UserCursor.KeyOf("anna"), 7, new Dictionary<string, UserCursor.Position>(StringComparer.Ordinal)
        {
            ["lesson-1"] = new(300, 0xDEADBEEF),
            ["a.b:c_d-e"] = new(0, 0),
            [new string('x', 64)] = new(long.MaxValue, uint.MaxValue),
        });

        var text = cursor.ToString();

        Assert.Matches("^[A-Za-z0-9_-]+$", text);
        Assert.True(UserCursor.TryParse(text, out var parsed));
        Assert.Equal((cursor.UserKey, cursor.PresenceHash), (parsed.UserKey, parsed.PresenceHash));
        Assert.Equal(cursor.Positions.OrderBy(p => p.Key, StringComparer.Ordinal), parsed.Positions.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(text, parsed.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("12.ab")]
    [InlineData("not a cursor")]
    [InlineData("AQ")]
    [InlineData("AgAAAAAAAAAAAA")]
    public void Anything_but_a_cursor_is_refused(string? text) => Assert.False(UserCursor.TryParse(text, out _));

    [Fact]
    public void A_cursor_cut_short_or_with_bytes_after_it_is_refused()
    {
        var text = new UserCursor(1, 2, new Dictionary<string, UserCursor.Position>(StringComparer.Ordinal) { ["lesson-1"] = new(5, 9) }).ToString();

        Assert.False(UserCursor.TryParse(text[..^2], out _));
        Assert.False(UserCursor.TryParse(text + "AA", out _));
    }

    [Fact]
    public void A_cursor_naming_an_id_no_conversation_can_have_is_refused()
    {
        var text = new UserCursor(1, 2, new Dictionary<string, UserCursor.Position>(StringComparer.Ordinal) { ["bad id"] = new(5, 9) }).ToString();

        Assert.False(UserCursor.TryParse(text, out _));
    }

    [Fact]
    public void The_longest_cursor_the_window_allows_is_accepted()
    {
        var positions = Enumerable.Range(0, 60).ToDictionary(i => $"{i:D3}{new string('c', 61)}", i => new UserCursor.Position(long.MaxValue, uint.MaxValue), StringComparer.Ordinal);

        var text = new UserCursor(1, 2, positions).ToString();

        Assert.InRange(text.Length, 1, UserCursor.MaxTextLength);
        Assert.True(UserCursor.TryParse(text, out var parsed));
        Assert.Equal(60, parsed.Positions.Count);
    }
}

public sealed class UserFeedStepTests
{
    private const int Page = 10;

    [Theory]
    // No cursor: from now, whatever the conversation holds.
    [InlineData(false, null, null, 5, 1u, 100, (int)UserFeedStepKind.FromNow, 5L)]
    // The cursor does not follow it: new.
    [InlineData(true, null, null, 5, 1u, 100, (int)UserFeedStepKind.New, null)]
    [InlineData(true, 5L, 1u, 5, 1u, 100, (int)UserFeedStepKind.Unchanged, null)]
    [InlineData(true, 5L, 1u, 5, 2u, 100, (int)UserFeedStepKind.StateChanged, 5L)]
    [InlineData(true, 2L, 1u, 5, 1u, 100, (int)UserFeedStepKind.ReadChanges, 2L)]
    // Exactly a page still fits; one more is too many.
    [InlineData(true, 0L, 1u, 10, 1u, 100, (int)UserFeedStepKind.ReadChanges, 0L)]
    [InlineData(true, 0L, 1u, 11, 1u, 100, (int)UserFeedStepKind.TooMany, 0L)]
    // Fits a page but not what is left of the answer: next time.
    [InlineData(true, 0L, 1u, 4, 1u, 3, (int)UserFeedStepKind.Deferred, null)]
    [InlineData(true, 0L, 1u, 3, 1u, 3, (int)UserFeedStepKind.ReadChanges, 0L)]
    public void Each_case_of_the_feed_rule(bool hasCursor, long? seq, uint? hash, long lastSeq, uint stateHash, int budget, int kind, long? afterSeq)
    {
        UserCursor.Position? position = seq is { } s ? new(s, hash!.Value) : null;

        var step = UserFeedStep.Decide(hasCursor, position, lastSeq, stateHash, Page, budget);

        Assert.Equal(((UserFeedStepKind)kind, afterSeq), (step.Kind, step.AfterSeq));
    }
}
