namespace BstChat.Thumbnails.Skia.Imaging;

/// <summary>The fixed settings of the thumbnails this package makes.</summary>
internal static class ThumbnailLimits
{
    /// <summary>
    /// The largest image, in pixels as its header declares them, that is decoded at all: 50 MP
    /// is above any phone or camera photo, and a decompression bomb (a few KB declaring gigapixels)
    /// is refused before a byte of pixels is allocated. Formats that cannot be reduced while
    /// decoding (PNG, GIF) take 4 bytes a pixel, so one decode needs at most 200 MB.
    /// </summary>
    public const long MaxPixels = 50_000_000;

    /// <summary>JPEG quality of the thumbnail: small files without visible blocks at thumbnail size.</summary>
    public const int JpegQuality = 80;
}
