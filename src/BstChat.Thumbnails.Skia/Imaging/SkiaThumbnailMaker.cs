using BstChat.Files;
using BstChat.Thumbnails.Skia.Diagnostics;
using Microsoft.Extensions.Logging;
using SkiaSharp;

namespace BstChat.Thumbnails.Skia.Imaging;

/// <summary>
/// Makes thumbnails with SkiaSharp: reads the header first and refuses absurd sizes, decodes at
/// the smallest size the format allows that still covers the thumbnail (the first frame of an
/// animation), resamples, turns the image upright, flattens transparency onto white and encodes
/// a JPEG. The CPU-bound work runs on the thread pool, at most one image per core at a time, so
/// the memory of decodes in flight stays bounded too.
/// </summary>
internal sealed class SkiaThumbnailMaker(ILogger<SkiaThumbnailMaker> logger, long maxPixels = ThumbnailLimits.MaxPixels)
    : IChatThumbnailMaker, IDisposable
{
    private readonly SemaphoreSlim _gate = new(Environment.ProcessorCount);

    public async ValueTask<bool> MakeThumbnailAsync(Stream image, string contentType, int maxSide, Stream thumbnail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(contentType);
        ArgumentNullException.ThrowIfNull(thumbnail);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSide);

        byte[]? jpeg;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            jpeg = await Task.Run(() => Make(image, contentType, maxSide, cancellationToken), cancellationToken);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or TypeInitializationException)
        {
            // A missing native library must not fail every image upload: the image is kept
            // without a thumbnail and the error says which package is missing.
            SkiaThumbnailLog.NativeLibraryMissing(logger, e);
            return false;
        }
        finally
        {
            _gate.Release();
        }

        if (jpeg is null)
        {
            return false;
        }

        // Written only once whole, so a refused or cancelled image leaves the target untouched.
        await thumbnail.WriteAsync(jpeg, cancellationToken);
        return true;
    }

    public void Dispose() => _gate.Dispose();

    private byte[]? Make(Stream image, string contentType, int maxSide, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var codec = Open(image, out var opened);
        if (codec is null)
        {
            SkiaThumbnailLog.NotDecoded(logger, contentType, opened);
            return null;
        }

        // The header's size, before any pixels: a decompression bomb stops here.
        var stored = codec.Info.Size;
        if (stored.Width <= 0 || stored.Height <= 0 || (long)stored.Width * stored.Height > maxPixels)
        {
            SkiaThumbnailLog.TooLarge(logger, contentType, stored.Width, stored.Height, maxPixels);
            return null;
        }

        var target = ThumbnailGeometry.Fit(stored, maxSide);
        cancellationToken.ThrowIfCancellationRequested();
        using var decoded = Decode(codec, ThumbnailGeometry.DecodeSize(codec, target), out var result);
        if (decoded is null)
        {
            SkiaThumbnailLog.NotDecoded(logger, contentType, result);
            return null;
        }

        cancellationToken.ThrowIfCancellationRequested();
        using var surface = Draw(decoded, target, codec.EncodedOrigin);
        if (surface is null)
        {
            return null;
        }

        cancellationToken.ThrowIfCancellationRequested();
        using var pixels = surface.PeekPixels();
        using var jpeg = pixels.Encode(new SKJpegEncoderOptions(ThumbnailLimits.JpegQuality, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore));
        return jpeg?.ToArray();
    }

    private static SKCodec? Open(Stream image, out SKCodecResult result)
    {
        // Not SKCodec.Create(Stream): that wrapper disposes the caller's stream, which the file
        // service reads again afterwards. The codec owns this SKStream (deleted on failure too).
#pragma warning disable CA2000
        return SKCodec.Create(new SKManagedStream(image, disposeManagedStream: false), out result);
#pragma warning restore CA2000
    }

    private static SKBitmap? Decode(SKCodec codec, SKSizeI size, out SKCodecResult result)
    {
        // sRGB, the colour space a browser assumes for a JPEG without a profile; the codec
        // converts from the image's own profile. Frame 0 of an animated GIF or WebP.
        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul, SKColorSpace.CreateSrgb());
        var bitmap = new SKBitmap();
        if (!bitmap.TryAllocPixels(info))
        {
            bitmap.Dispose();
            result = SKCodecResult.InternalError;
            return null;
        }

        // A truncated image decodes as IncompleteInput with its missing part blank: no thumbnail
        // rather than a half-grey one; the image itself is still shown.
        result = codec.GetPixels(info, bitmap.GetPixels());
        if (result != SKCodecResult.Success)
        {
            bitmap.Dispose();
            return null;
        }

        return bitmap;
    }

    private static SKSurface? Draw(SKBitmap decoded, SKSizeI target, SKEncodedOrigin origin)
    {
        var upright = Orientation.Upright(target, origin);
        var surface = SKSurface.Create(new SKImageInfo(upright.Width, upright.Height, SKColorType.Rgba8888, SKAlphaType.Premul, SKColorSpace.CreateSrgb()));
        if (surface is null)
        {
            return null;
        }

        var canvas = surface.Canvas;
        // JPEG has no alpha: transparent parts become the white of a chat's page, not black.
        canvas.Clear(SKColors.White);
        canvas.SetMatrix(Orientation.ToUpright(origin, target.Width, target.Height));
        using var image = SKImage.FromBitmap(decoded);
        canvas.DrawImage(image, SKRect.Create(target.Width, target.Height), Sampling(decoded.Width, target.Width), paint: null);
        canvas.Flush();
        return surface;
    }

    /// <summary>
    /// Mipmaps for a reduction of more than half (a cubic filter alone would alias there), a
    /// Mitchell cubic for a smaller one, and none at the same size, where any filter only blurs.
    /// </summary>
    private static SKSamplingOptions Sampling(int from, int to) =>
        from == to ? new SKSamplingOptions(SKFilterMode.Nearest)
        : from > 2 * to ? new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear)
        : new SKSamplingOptions(SKCubicResampler.Mitchell);
}
