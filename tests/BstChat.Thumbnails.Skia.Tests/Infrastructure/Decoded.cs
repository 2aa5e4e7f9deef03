using SkiaSharp;

namespace BstChat.Thumbnails.Skia.Tests.Infrastructure;

/// <summary>A thumbnail as a reader sees it: its format, size and pixels.</summary>
internal sealed class Decoded : IDisposable
{
    private readonly SKBitmap _bitmap;

    private Decoded(SKEncodedImageFormat format, SKBitmap bitmap)
    {
        Format = format;
        _bitmap = bitmap;
    }

    public SKEncodedImageFormat Format { get; }

    public int Width => _bitmap.Width;

    public int Height => _bitmap.Height;

    public static Decoded From(byte[] encoded)
    {
        using var codec = SKCodec.Create(new MemoryStream(encoded)) ?? throw new InvalidOperationException("The thumbnail does not decode.");
        var bitmap = SKBitmap.Decode(codec, new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        return new Decoded(codec.EncodedFormat, bitmap);
    }

    public SKColor this[int x, int y] => _bitmap.GetPixel(x, y);

    public void Dispose() => _bitmap.Dispose();
}
