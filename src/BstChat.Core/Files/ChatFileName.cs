using System.Text;

namespace BstChat.Files;

/// <summary>
/// The name a file is shown and saved as: the uploader's name without folders, invisible or
/// direction-changing characters, and with an extension that matches what the file really is,
/// so that a page uploaded as <c>homework.png</c> is saved as <c>homework.png.html</c>.
/// </summary>
internal static class ChatFileName
{
    public const int MaxLength = 200;

    private static readonly Dictionary<string, string[]> Extensions = new(StringComparer.Ordinal)
    {
        [ChatFileTypes.Jpeg] = [".jpg", ".jpeg", ".jfif"],
        [ChatFileTypes.Png] = [".png"],
        [ChatFileTypes.Gif] = [".gif"],
        [ChatFileTypes.WebP] = [".webp"],
        [ChatFileTypes.Pdf] = [".pdf"],
        [ChatFileTypes.Docx] = [".docx"],
        [ChatFileTypes.Xlsx] = [".xlsx"],
        [ChatFileTypes.Pptx] = [".pptx"],
        [ChatFileTypes.Zip] = [".zip"],
        [ChatFileTypes.PlainText] = [".txt", ".text", ".md", ".csv", ".log"],
        [ChatFileTypes.Mp3] = [".mp3"],
        [ChatFileTypes.Mp4] = [".mp4", ".m4v"],
        [ChatFileTypes.M4a] = [".m4a"],
        [ChatFileTypes.Ogg] = [".ogg", ".oga", ".opus"],
        [ChatFileTypes.WebM] = [".webm"],
        [ChatFileTypes.Wav] = [".wav"],
        [ChatFileTypes.Html] = [".html", ".htm"],
        [ChatFileTypes.Svg] = [".svg"],
        [ChatFileTypes.Xml] = [".xml"],
    };

    /// <summary>Cleans an uploader's file name for a file of the given type.</summary>
    /// <param name="given">The name from the upload; may be empty or hold a path.</param>
    /// <param name="contentType">The type decided from the content.</param>
    /// <returns>A name of 1 to about <see cref="MaxLength"/> characters.</returns>
    public static string For(string? given, string contentType)
    {
        var name = Path.GetFileName((given ?? "").Replace('\\', '/'));
        var kept = new StringBuilder(name.Length);
        foreach (var rune in name.EnumerateRunes())
        {
            if (!Rune.IsControl(rune) && !IsHidden(rune) && rune.Value is not ('"' or '/' or ':' or '*' or '?' or '<' or '>' or '|'))
            {
                kept.Append(rune.ToString());
            }
        }

        var clean = kept.ToString().Trim().Trim('.');
        var expected = Extensions[contentType];
        if (clean.Length == 0)
        {
            clean = "file";
        }

        var extension = Path.GetExtension(clean).ToLowerInvariant();
        var suffix = Array.IndexOf(expected, extension) >= 0 ? "" : expected[0];
        var room = MaxLength - suffix.Length;
        if (clean.Length > room)
        {
            var keepExtension = suffix.Length == 0 ? extension : "";
            clean = clean[..(room - keepExtension.Length)].TrimEnd() + keepExtension;
        }

        return clean + suffix;
    }

    // Format characters (zero-width, bidirectional controls) and fillers let one name pose as another.
    private static bool IsHidden(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is System.Globalization.UnicodeCategory.Format
        || rune.Value is 0x115F or 0x1160 or 0x3164 or 0xFFA0;
}
