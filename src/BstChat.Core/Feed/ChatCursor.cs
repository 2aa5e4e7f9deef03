using System.Globalization;

namespace BstChat;

/// <summary>
/// Where a reader of the change feed stands: the sequence number it has seen up to, and a
/// fingerprint of the typing and read-marker state it was last shown. Clients treat its text
/// form as opaque.
/// </summary>
/// <param name="Seq">Every change up to and including this sequence number has been seen.</param>
/// <param name="StateHash">The fingerprint of the typing and read-marker state last seen.</param>
public readonly record struct ChatCursor(long Seq, ulong StateHash)
{
    private const char Separator = '.';

    /// <summary>The text form sent to clients.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Seq}{Separator}{StateHash:x}");

    /// <summary>Parses the text form made by <see cref="ToString"/>; anything else is refused.</summary>
    /// <param name="text">The cursor as the client sent it.</param>
    /// <param name="cursor">The parsed cursor.</param>
    /// <returns>Whether <paramref name="text"/> was a well-formed cursor.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out ChatCursor cursor)
    {
        cursor = default;
        var separator = text.IndexOf(Separator);
        if (separator <= 0 || text.Length > 64)
        {
            return false;
        }

        var seqText = text[..separator];
        var hashText = text[(separator + 1)..];
        if (hashText.IsEmpty
            || !IsDigits(seqText)
            || !long.TryParse(seqText, NumberStyles.None, CultureInfo.InvariantCulture, out var seq)
            || !ulong.TryParse(hashText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hash))
        {
            return false;
        }

        cursor = new ChatCursor(seq, hash);
        return true;
    }

    private static bool IsDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}
