using BstChat.Services;
using Xunit;

namespace BstChat.Core.Tests;

public sealed class ChatValidationTests
{
    private const int MaxLength = 10;

    [Theory]
    [InlineData("a")]
    [InlineData("lesson-42")]
    [InlineData("A.b_c:d-9")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123")]
    public void Well_formed_ids_are_accepted(string id)
    {
        ChatValidation.ConversationId(id);
        ChatValidation.MessageId(id);
        ChatValidation.ClientMessageId(id);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("lesson 42")]
    [InlineData("lesson/42")]
    [InlineData("le\u00e7on")]
    [InlineData("lesson\n")]
    [InlineData("01234567890123456789012345678901234567890123456789012345678901234")]
    public void Malformed_ids_are_refused_with_the_code_of_their_kind(string? id)
    {
        AssertInvalid(ChatErrorCodes.InvalidConversationId, () => ChatValidation.ConversationId(id));
        AssertInvalid(ChatErrorCodes.InvalidMessageId, () => ChatValidation.MessageId(id));
        if (id is not null)
        {
            AssertInvalid(ChatErrorCodes.InvalidClientMessageId, () => ChatValidation.ClientMessageId(id));
        }
    }

    [Fact]
    public void A_missing_client_message_id_is_allowed()
    {
        ChatValidation.ClientMessageId(null);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t\r\n ")]
    public void Empty_or_white_space_text_is_refused(string text)
    {
        AssertInvalid(ChatErrorCodes.EmptyText, () => ChatValidation.Text(text, MaxLength));
    }

    [Fact]
    public void Text_longer_than_the_limit_is_refused_and_text_at_the_limit_is_accepted()
    {
        ChatValidation.Text(new string('a', MaxLength), MaxLength);
        AssertInvalid(ChatErrorCodes.TextTooLong, () => ChatValidation.Text(new string('a', MaxLength + 1), MaxLength));
    }

    [Fact]
    public void The_limit_counts_utf16_code_units_so_an_emoji_counts_twice()
    {
        ChatValidation.Text("12345678\U0001F600", MaxLength);
        AssertInvalid(ChatErrorCodes.TextTooLong, () => ChatValidation.Text("123456789\U0001F600", MaxLength));
    }

    [Fact]
    public void Lone_surrogates_are_refused()
    {
        // Made in code: attribute arguments are stored as UTF-8, which turns a lone surrogate into U+FFFD.
        string[] texts = ["a\uD83D", "\uDE00b", "a\uDE00\uD83Db"];

        Assert.All(texts, text => AssertInvalid(ChatErrorCodes.InvalidText, () => ChatValidation.Text(text, 100)));
    }

    [Theory]
    [InlineData("nul\0byte")]
    [InlineData("bell\u0007")]
    [InlineData("escape\u001B[31m")]
    [InlineData("delete\u007F")]
    [InlineData("next line\u0085")]
    public void Control_characters_are_refused(string text)
    {
        AssertInvalid(ChatErrorCodes.InvalidText, () => ChatValidation.Text(text, 100));
    }

    [Theory]
    [InlineData("tab\there")]
    [InlineData("two\nlines")]
    [InlineData("windows\r\nline")]
    [InlineData("emoji \U0001F600")]
    [InlineData("family \U0001F469\u200D\U0001F469\u200D\U0001F467")]
    [InlineData("<b>not html</b> & \"quotes\"")]
    [InlineData("\u05E9\u05DC\u05D5\u05DD \u4F60\u597D")]
    public void Tabs_line_breaks_emoji_and_any_script_are_accepted(string text)
    {
        ChatValidation.Text(text, 100);
    }

    [Theory]
    [InlineData("")]
    [InlineData("line\nbreak")]
    [InlineData("tab\tinside")]
    public void User_ids_with_no_characters_or_with_control_characters_are_refused(string userId)
    {
        AssertInvalid(ChatErrorCodes.InvalidUserId, () => ChatValidation.UserId(userId));
    }

    [Fact]
    public void User_ids_may_be_any_printable_text_up_to_200_characters()
    {
        ChatValidation.UserId("auth0|5f7c8ec7c33c6c004bbafe82");
        ChatValidation.UserId("alice@example.com");
        ChatValidation.UserId(new string('u', ChatValidation.MaxNameLength));
        AssertInvalid(ChatErrorCodes.InvalidUserId, () => ChatValidation.UserId(new string('u', ChatValidation.MaxNameLength + 1)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("two\nlines")]
    public void Names_that_are_blank_or_hold_line_breaks_are_refused(string name)
    {
        AssertInvalid(ChatErrorCodes.InvalidName, () => ChatValidation.Name(name, "title"));
    }

    private static void AssertInvalid(string code, Action validate)
    {
        var error = Assert.Throws<ChatException>(validate);
        Assert.Equal((ChatErrorKind.Invalid, code), (error.Kind, error.Code));
    }
}
