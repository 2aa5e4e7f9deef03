namespace BstChat;

/// <summary>The content types BstChat recognises from a file's first bytes.</summary>
public static class ChatFileTypes
{
    /// <summary>JPEG image.</summary>
    public const string Jpeg = "image/jpeg";

    /// <summary>PNG image.</summary>
    public const string Png = "image/png";

    /// <summary>GIF image.</summary>
    public const string Gif = "image/gif";

    /// <summary>WebP image.</summary>
    public const string WebP = "image/webp";

    /// <summary>PDF document.</summary>
    public const string Pdf = "application/pdf";

    /// <summary>Word document (.docx).</summary>
    public const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    /// <summary>Excel workbook (.xlsx).</summary>
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>PowerPoint presentation (.pptx).</summary>
    public const string Pptx = "application/vnd.openxmlformats-officedocument.presentationml.presentation";

    /// <summary>Any other ZIP archive.</summary>
    public const string Zip = "application/zip";

    /// <summary>UTF-8 text that is not markup.</summary>
    public const string PlainText = "text/plain";

    /// <summary>MP3 audio.</summary>
    public const string Mp3 = "audio/mpeg";

    /// <summary>MP4 video.</summary>
    public const string Mp4 = "video/mp4";

    /// <summary>M4A (MP4) audio.</summary>
    public const string M4a = "audio/mp4";

    /// <summary>Ogg audio.</summary>
    public const string Ogg = "audio/ogg";

    /// <summary>WebM video.</summary>
    public const string WebM = "video/webm";

    /// <summary>WAV audio.</summary>
    public const string Wav = "audio/wav";

    /// <summary>HTML, or any text that begins with a tag: never shown, only downloaded, and not allowed by default.</summary>
    public const string Html = "text/html";

    /// <summary>SVG image: it can carry script, so it is never shown, only downloaded, and not allowed by default.</summary>
    public const string Svg = "image/svg+xml";

    /// <summary>Other XML: never shown, only downloaded, and not allowed by default.</summary>
    public const string Xml = "application/xml";

    /// <summary>Every type BstChat recognises.</summary>
    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        Jpeg, Png, Gif, WebP, Pdf, Docx, Xlsx, Pptx, Zip, PlainText, Mp3, Mp4, M4a, Ogg, WebM, Wav, Html, Svg, Xml,
    };

    /// <summary>The types allowed unless the host says otherwise: everything but markup and bare archives.</summary>
    public static IReadOnlySet<string> DefaultAllowed { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        Jpeg, Png, Gif, WebP, Pdf, Docx, Xlsx, Pptx, PlainText, Mp3, Mp4, M4a, Ogg, WebM, Wav,
    };

    /// <summary>The images a browser may show inline: raster formats that cannot run script. Everything else is served as a download.</summary>
    public static IReadOnlySet<string> ShownInline { get; } = new HashSet<string>(StringComparer.Ordinal) { Jpeg, Png, Gif, WebP };
}
