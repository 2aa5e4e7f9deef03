using SkiaSharp;

namespace BstChat.Thumbnails.Skia.Imaging;

/// <summary>The sizes of a thumbnail and of the decode that feeds it.</summary>
internal static class ThumbnailGeometry
{
    /// <summary>
    /// <paramref name="size"/> shrunk, keeping its proportions, so that its longer side is at most
    /// <paramref name="maxSide"/>; never enlarged, and never below one pixel on a side.
    /// </summary>
    public static SKSizeI Fit(SKSizeI size, int maxSide)
    {
        var longer = Math.Max(size.Width, size.Height);
        if (longer <= maxSide)
        {
            return size;
        }

        var scale = (double)maxSide / longer;
        return new SKSizeI(
            size.Width >= size.Height ? maxSide : Math.Max(1, (int)Math.Round(size.Width * scale)),
            size.Height >= size.Width ? maxSide : Math.Max(1, (int)Math.Round(size.Height * scale)));
    }

    /// <summary>
    /// The smallest size <paramref name="codec"/> decodes to that still covers
    /// <paramref name="target"/>: JPEG decodes at 1/8 steps and WebP at any size, so a 12 MP photo
    /// is never held at full size for a small thumbnail; PNG and GIF decode only at full size.
    /// </summary>
    public static SKSizeI DecodeSize(SKCodec codec, SKSizeI target)
    {
        var full = codec.Info.Size;
        var scale = (float)target.Width / full.Width;
        // The codec rounds a scale to one it supports, which may be below the one asked for
        // (JPEG's 0.3 becomes 2/8): ask for a little more until the answer covers the target.
        for (; scale < 1f; scale *= 1.25f)
        {
            var scaled = codec.GetScaledDimensions(scale);
            if (scaled.Width >= target.Width && scaled.Height >= target.Height)
            {
                return scaled;
            }
        }

        return full;
    }
}
