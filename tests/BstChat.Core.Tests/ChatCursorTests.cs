using Xunit;

namespace BstChat.Core.Tests;

public sealed class ChatCursorTests
{
    [Theory]
    [InlineData(0L, 0UL)]
    [InlineData(42L, 0xdeadbeefUL)]
    [InlineData(long.MaxValue, ulong.MaxValue)]
    public void A_cursor_survives_a_round_trip_through_its_text(long seq, ulong stateHash)
    {
        var cursor = new ChatCursor(seq, stateHash);

        Assert.True(ChatCursor.TryParse(cursor.ToString(), out var parsed));
        Assert.Equal(cursor, parsed);
    }

    [Fact]
    public void The_text_form_is_the_seq_then_the_hash_in_lowercase_hex()
    {
        Assert.Equal("42.deadbeef", new ChatCursor(42, 0xDEADBEEF).ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("12")]
    [InlineData("12.")]
    [InlineData(".ff")]
    [InlineData("-1.ff")]
    [InlineData("+1.ff")]
    [InlineData(" 1.ff")]
    [InlineData("1.ff ")]
    [InlineData("1. ff")]
    [InlineData("1.ffg")]
    [InlineData("1.2.3")]
    [InlineData("x.ff")]
    [InlineData("\u0661.ff")]
    [InlineData("99999999999999999999.ff")]
    [InlineData("1.10000000000000000")]
    [InlineData("1.00000000000000000000000000000000000000000000000000000000000000000")]
    public void Malformed_text_is_refused(string text)
    {
        Assert.False(ChatCursor.TryParse(text, out var cursor));
        Assert.Equal(default, cursor);
    }
}
