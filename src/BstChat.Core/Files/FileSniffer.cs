using System.Text;

namespace BstChat.Files;

/// <summary>
/// Decides a file's type from its first bytes, the way the file's own format announces itself.
/// The name and the uploader's Content-Type are never asked: both are the uploader's word, and a
/// page renamed <c>.png</c> must not become an image. A pure decision; the upload reads the bytes.
/// </summary>
internal static class FileSniffer
{
    /// <summary>How much of a file the decision reads: enough for the names of an Office file's first entries.</summary>
    public const int WindowBytes = 8 * 1024;

    /// <summary>Decides the type.</summary>
    /// <param name="head">The file's first bytes: <see cref="WindowBytes"/> of them, or the whole file when shorter.</param>
    /// <param name="isWholeFile">Whether <paramref name="head"/> is the whole file, so text may not end mid-character.</param>
    /// <returns>One of <see cref="ChatFileTypes"/>, or <see langword="null"/> when the content is of no type BstChat recognises.</returns>
    public static string? Sniff(ReadOnlySpan<byte> head, bool isWholeFile)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return ChatFileTypes.Jpeg;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return ChatFileTypes.Png;
        }

        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8))
        {
            return ChatFileTypes.Gif;
        }

        if (head.Length >= 12 && head.StartsWith("RIFF"u8))
        {
            var form = head.Slice(8, 4);
            return form.SequenceEqual("WEBP"u8) ? ChatFileTypes.WebP
                : form.SequenceEqual("WAVE"u8) ? ChatFileTypes.Wav
                : null;
        }

        if (head.StartsWith("%PDF-"u8))
        {
            return ChatFileTypes.Pdf;
        }

        if (head.StartsWith("PK\x03\x04"u8))
        {
            return ZipKind(head);
        }

        if (head.Length >= 12 && head.Slice(4, 4).SequenceEqual("ftyp"u8))
        {
            return head.Slice(8, 4).SequenceEqual("M4A "u8) ? ChatFileTypes.M4a : ChatFileTypes.Mp4;
        }

        if (head.StartsWith("OggS"u8))
        {
            return ChatFileTypes.Ogg;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]))
        {
            // Matroska's header; only its "webm" flavour is a format browsers play.
            return head.IndexOf("webm"u8) >= 0 ? ChatFileTypes.WebM : null;
        }

        if (head.StartsWith("ID3"u8) || IsMp3Frame(head))
        {
            return ChatFileTypes.Mp3;
        }

        return TextKind(head, isWholeFile);
    }

    // An MPEG audio frame header: eleven set sync bits, then layer III.
    private static bool IsMp3Frame(ReadOnlySpan<byte> head) =>
        head.Length >= 2 && head[0] == 0xFF && (head[1] & 0xE0) == 0xE0 && ((head[1] >> 1) & 0b11) == 0b01;

    // Office files are ZIP archives whose entries name their kind: word/, xl/ or ppt/.
    private static string ZipKind(ReadOnlySpan<byte> head)
    {
        ReadOnlySpan<byte> signature = "PK\x03\x04"u8;
        for (var at = head.IndexOf(signature); at >= 0 && at + 30 <= head.Length;)
        {
            var nameLength = head[at + 26] | (head[at + 27] << 8);
            if (at + 30 + nameLength <= head.Length)
            {
                var name = head.Slice(at + 30, nameLength);
                if (name.StartsWith("word/"u8))
                {
                    return ChatFileTypes.Docx;
                }

                if (name.StartsWith("xl/"u8))
                {
                    return ChatFileTypes.Xlsx;
                }

                if (name.StartsWith("ppt/"u8))
                {
                    return ChatFileTypes.Pptx;
                }
            }

            var next = head[(at + 4)..].IndexOf(signature);
            at = next < 0 ? -1 : at + 4 + next;
        }

        return ChatFileTypes.Zip;
    }

    private static string? TextKind(ReadOnlySpan<byte> head, bool isWholeFile)
    {
        var text = head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? head[3..] : head;
        if (!IsUtf8Text(text, isWholeFile))
        {
            return null;
        }

        // Anything that opens with a tag is treated as markup: browsers render far more than well-formed HTML.
        var start = text.TrimStart(" \t\r\n\f"u8);
        if (start.IsEmpty || start[0] != (byte)'<')
        {
            return ChatFileTypes.PlainText;
        }

        var lower = Encoding.UTF8.GetString(start).ToLowerInvariant();
        return lower.Contains("<svg", StringComparison.Ordinal) ? ChatFileTypes.Svg
            : lower.StartsWith("<?xml", StringComparison.Ordinal) && !lower.Contains("<html", StringComparison.Ordinal) ? ChatFileTypes.Xml
            : ChatFileTypes.Html;
    }

    private static bool IsUtf8Text(ReadOnlySpan<byte> text, bool isWholeFile)
    {
        // A window may cut the last character; only the whole file must end on a boundary.
        var checkedPart = isWholeFile ? text : text[..Utf8Boundary(text)];
        if (!System.Text.Unicode.Utf8.IsValid(checkedPart))
        {
            return false;
        }

        foreach (var b in checkedPart)
        {
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\f'))
            {
                return false;
            }
        }

        return true;
    }

    // The length of the text without a trailing, possibly cut, multi-byte character.
    private static int Utf8Boundary(ReadOnlySpan<byte> text)
    {
        for (var back = 1; back <= 3 && back <= text.Length; back++)
        {
            var b = text[^back];
            if ((b & 0xC0) == 0xC0)
            {
                return text.Length - back;
            }

            if ((b & 0x80) == 0)
            {
                break;
            }
        }

        return text.Length;
    }
}
