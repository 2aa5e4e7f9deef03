using SkiaSharp;

namespace BstChat.Thumbnails.Skia.Imaging;

/// <summary>Turns an image stored in an EXIF orientation upright.</summary>
internal static class Orientation
{
    /// <summary>Whether the upright image's width is the stored image's height (a quarter turn).</summary>
    public static bool SwapsSides(SKEncodedOrigin origin) =>
        origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;

    /// <summary>The upright size of an image of <paramref name="stored"/> size.</summary>
    public static SKSizeI Upright(SKSizeI stored, SKEncodedOrigin origin) =>
        SwapsSides(origin) ? new SKSizeI(stored.Height, stored.Width) : stored;

    /// <summary>
    /// Maps the stored image, drawn at <paramref name="width"/> × <paramref name="height"/>, onto
    /// the upright canvas. EXIF names where the stored first row and first column belong: for
    /// <see cref="SKEncodedOrigin.RightTop"/> (6, a phone held upright) the first row is the
    /// right-hand side, so the image is turned a quarter clockwise: x' = height − y, y' = x.
    /// </summary>
    public static SKMatrix ToUpright(SKEncodedOrigin origin, int width, int height) => origin switch
    {
        // x' = scaleX·x + skewX·y + transX, y' = skewY·x + scaleY·y + transY
        SKEncodedOrigin.TopRight => Matrix(-1, 0, width, 0, 1, 0),        // 2: mirrored left to right
        SKEncodedOrigin.BottomRight => Matrix(-1, 0, width, 0, -1, height), // 3: half a turn
        SKEncodedOrigin.BottomLeft => Matrix(1, 0, 0, 0, -1, height),     // 4: mirrored top to bottom
        SKEncodedOrigin.LeftTop => Matrix(0, 1, 0, 1, 0, 0),              // 5: mirrored across the main diagonal
        SKEncodedOrigin.RightTop => Matrix(0, -1, height, 1, 0, 0),       // 6: a quarter turn clockwise
        SKEncodedOrigin.RightBottom => Matrix(0, -1, height, -1, 0, width), // 7: mirrored across the other diagonal
        SKEncodedOrigin.LeftBottom => Matrix(0, 1, 0, -1, 0, width),      // 8: a quarter turn anticlockwise
        _ => SKMatrix.Identity,                                           // 1, or anything unknown: as stored
    };

    private static SKMatrix Matrix(float scaleX, float skewX, float transX, float skewY, float scaleY, float transY) =>
        new(scaleX, skewX, transX, skewY, scaleY, transY, 0, 0, 1);
}
