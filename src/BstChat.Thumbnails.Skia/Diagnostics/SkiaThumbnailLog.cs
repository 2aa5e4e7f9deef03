using Microsoft.Extensions.Logging;

namespace BstChat.Thumbnails.Skia.Diagnostics;

/// <summary>The Skia thumbnail maker's log messages; event ids are stable.</summary>
internal static partial class SkiaThumbnailLog
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Debug, Message = "No thumbnail: the {ContentType} image could not be decoded ({Result}).")]
    public static partial void NotDecoded(ILogger logger, string contentType, SkiaSharp.SKCodecResult result);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information,
        Message = "No thumbnail: the {ContentType} image declares {Width} × {Height} pixels, more than the {MaxPixels} decoded for a thumbnail.")]
    public static partial void TooLarge(ILogger logger, string contentType, int width, int height, long maxPixels);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Error,
        Message = "No thumbnail: SkiaSharp's native library could not be loaded on this platform; add the SkiaSharp.NativeAssets package for it (see the BstChat.Thumbnails.Skia README).")]
    public static partial void NativeLibraryMissing(ILogger logger, Exception exception);
}
