using System.Globalization;
using System.Text;

namespace BstChat.Services;

/// <summary>
/// Which characters a reader cannot see, or that change how what follows is shown: the tools of
/// spoofing. <c>Be\u200Bn</c> renders exactly as "Ben"; a right-to-left override turns
/// <c>txet erom dna exe.png</c> into a ".png" file name; a message of U+3164 fillers looks empty.
/// </summary>
/// <remarks>
/// The invisible set is Unicode's Default_Ignorable_Code_Point property (DerivedCoreProperties.txt,
/// Unicode 15.1), which .NET does not expose, plus white space and U+2800 BRAILLE PATTERN BLANK,
/// which render as blank without being ignorable. Legitimate uses keep working: a zero-width joiner
/// or non-joiner between two visible characters that are not ASCII (emoji ZWJ sequences such as
/// 👩‍💻, Persian and Indic text), and a variation selector after a visible character (❤️).
/// </remarks>
internal static class VisibleText
{
    private const int ZeroWidthNonJoiner = 0x200C;
    private const int ZeroWidthJoiner = 0x200D;

    /// <summary>Whether the text shows anything at all.</summary>
    public static bool HasVisibleContent(string text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            if (!IsBlank(rune.Value))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the text holds a bidirectional embedding or override (U+202A–U+202E), which reverses what follows it.</summary>
    public static bool HasBidiOverride(string text)
    {
        foreach (var c in text)
        {
            if (c is >= '\u202A' and <= '\u202E')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether a display name or title shows what it holds: nothing invisible and nothing that
    /// changes direction, but for joiners and variation selectors used as scripts and emoji use them.
    /// </summary>
    public static bool IsHonestName(string name)
    {
        var runes = name.EnumerateRunes().Select(static r => r.Value).ToArray();
        for (var i = 0; i < runes.Length; i++)
        {
            var value = runes[i];
            if (!IsIgnorable(value))
            {
                continue;
            }

            var before = i > 0 ? runes[i - 1] : -1;
            var after = i + 1 < runes.Length ? runes[i + 1] : -1;
            var allowed = value switch
            {
                ZeroWidthJoiner or ZeroWidthNonJoiner => IsVisibleNonAscii(before) && IsVisibleNonAscii(after),
                _ when IsVariationSelector(value) => before >= 0 && !IsBlank(before),
                _ => false,
            };
            if (!allowed)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Renders as nothing: white space, a default-ignorable code point, or the blank braille pattern.</summary>
    private static bool IsBlank(int value) =>
        IsIgnorable(value) || value == 0x2800 || Rune.IsWhiteSpace(new Rune(value))
        || CharUnicodeInfo.GetUnicodeCategory(value) is UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    private static bool IsVisibleNonAscii(int value) => value > 0x7F && !IsBlank(value);

    private static bool IsVariationSelector(int value) =>
        value is >= 0xFE00 and <= 0xFE0F or >= 0xE0100 and <= 0xE01EF or >= 0x180B and <= 0x180D or 0x180F;

    /// <summary>Unicode's Default_Ignorable_Code_Point.</summary>
    private static bool IsIgnorable(int value) => value switch
    {
        0x00AD or 0x034F or 0x061C or 0x115F or 0x1160 or 0x17B4 or 0x17B5 or 0x3164 or 0xFEFF or 0xFFA0 => true,
        >= 0x180B and <= 0x180F => true,
        >= 0x200B and <= 0x200F => true,
        >= 0x202A and <= 0x202E => true,
        >= 0x2060 and <= 0x206F => true,
        >= 0xFE00 and <= 0xFE0F => true,
        >= 0xFFF0 and <= 0xFFF8 => true,
        >= 0x1BCA0 and <= 0x1BCA3 => true,
        >= 0x1D173 and <= 0x1D17A => true,
        >= 0xE0000 and <= 0xE0FFF => true,
        _ => false,
    };
}
