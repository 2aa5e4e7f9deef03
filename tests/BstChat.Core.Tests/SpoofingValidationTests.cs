using BstChat.Services;
using Xunit;

namespace BstChat.Core.Tests;

/// <summary>
/// Names and titles show what they hold, and a message shows something: invisible characters and
/// direction overrides are refused where they would let one person pass for another, while the
/// scripts and emoji people really write keep working.
/// </summary>
public sealed class SpoofingValidationTests
{
    [Theory]
    [InlineData("Be\u200Bn", "zero-width space")]
    [InlineData("Be\u200Dn", "zero-width joiner between Latin letters")]
    [InlineData("Be\u200Cn", "zero-width non-joiner between Latin letters")]
    [InlineData("Ben\u2060", "word joiner")]
    [InlineData("\uFEFFBen", "byte order mark")]
    [InlineData("Be\u00ADn", "soft hyphen")]
    [InlineData("Ben\u202E", "right-to-left override")]
    [InlineData("\u202DBen", "left-to-right override")]
    [InlineData("Ben\u2067", "right-to-left isolate")]
    [InlineData("Ben\u200F", "right-to-left mark")]
    [InlineData("B\u034Fen", "combining grapheme joiner")]
    [InlineData("\u3164", "Hangul filler only")]
    [InlineData("Ben\u3164", "Hangul filler")]
    [InlineData("\u2800\u2800", "blank braille only")]
    [InlineData("\uFE0FBen", "a variation selector with nothing before it")]
    public void Display_names_and_titles_with_invisible_or_direction_changing_characters_are_refused(string name, string what)
    {
        var refusal = Assert.Throws<ChatException>(() => ChatValidation.Name(name, "display name"));
        Assert.True(refusal.Code == ChatErrorCodes.InvalidName, what);
    }

    [Theory]
    [InlineData("Ben")]
    [InlineData("Zoë Ångström")]
    [InlineData("محمد")]
    [InlineData("می\u200Cخواهم")]          // Persian: a non-joiner between Arabic letters
    [InlineData("שלום")]
    [InlineData("क्\u200Dष")]               // Devanagari: a joiner between Indic letters
    [InlineData("Anna 👩\u200D💻")]         // woman technologist, an emoji ZWJ sequence
    [InlineData("Ben ❤\uFE0F")]             // heart with the emoji presentation selector
    [InlineData("👨\u200D👩\u200D👧")]        // family
    [InlineData("李小龍")]
    public void Names_in_real_scripts_and_with_emoji_are_accepted(string name)
    {
        ChatValidation.Name(name, "display name");
        ChatValidation.Name(name, "title");
    }

    [Theory]
    [InlineData("\u200B")]
    [InlineData("\u3164\u3164\u3164")]
    [InlineData("\u2800")]
    [InlineData(" \u200B \u2060 \uFEFF ")]
    [InlineData("\u115F\u1160")]
    [InlineData("\u00A0\u3000")]
    public void A_message_with_nothing_visible_is_refused_as_empty(string text)
    {
        var refusal = Assert.Throws<ChatException>(() => ChatValidation.Text(text, 100));
        Assert.Equal(ChatErrorCodes.EmptyText, refusal.Code);
    }

    [Theory]
    [InlineData("txet erom dna \u202Egnp.exe")]
    [InlineData("\u202Dreversed")]
    [InlineData("embedded \u202Btext\u202C")]
    public void A_message_with_a_bidirectional_override_or_embedding_is_refused(string text)
    {
        var refusal = Assert.Throws<ChatException>(() => ChatValidation.Text(text, 100));
        Assert.Equal(ChatErrorCodes.InvalidText, refusal.Code);
    }

    [Theory]
    [InlineData("مرحبا! How are you?")]
    [InlineData("\u2067שלום\u2069 means hello")]   // an isolate, as Unicode recommends for mixed text
    [InlineData("price: 5\u200E$")]                 // a left-to-right mark
    [InlineData("👩\u200D💻 working on it")]
    [InlineData("ok\u200Bok")]                      // a zero-width space inside visible text shows what it shows
    public void Messages_in_mixed_scripts_with_isolates_marks_and_emoji_are_accepted(string text) =>
        ChatValidation.Text(text, 100);
}
