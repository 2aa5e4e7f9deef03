using BstChat.Thumbnails.Skia.Imaging;
using BstChat.Thumbnails.Skia.Tests.Infrastructure;
using SkiaSharp;

namespace BstChat.Thumbnails.Skia.Tests;

/// <summary>The thumbnails of real images, made in the test, decoded again and looked at.</summary>
public sealed class SkiaThumbnailMakerTests : IDisposable
{
    private const int Size = 320;

    private readonly RecordingLogger<SkiaThumbnailMaker> _log = new();
    private readonly SkiaThumbnailMaker _maker;

    public SkiaThumbnailMakerTests() => _maker = new SkiaThumbnailMaker(_log);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public void Dispose() => _maker.Dispose();

    [Fact]
    public async Task A_2000_by_1000_PNG_gets_a_320_by_160_JPEG()
    {
        using var thumbnail = await ThumbnailOfAsync(TestImages.Halves(2000, 1000, SKEncodedImageFormat.Png), ChatFileTypes.Png);

        Assert.Equal(SKEncodedImageFormat.Jpeg, thumbnail.Format);
        Assert.Equal((320, 160), (thumbnail.Width, thumbnail.Height));
        ColorAssert.Near(TestImages.Red, thumbnail[40, 80], "the left");
        ColorAssert.Near(TestImages.Blue, thumbnail[280, 80], "the right");
    }

    [Fact]
    public async Task A_tall_image_is_fitted_by_its_height()
    {
        using var thumbnail = await ThumbnailOfAsync(TestImages.Halves(600, 1200, SKEncodedImageFormat.Jpeg), ChatFileTypes.Jpeg);

        Assert.Equal((160, 320), (thumbnail.Width, thumbnail.Height));
    }

    [Fact]
    public async Task A_smaller_image_is_not_enlarged()
    {
        using var thumbnail = await ThumbnailOfAsync(TestImages.Halves(100, 50, SKEncodedImageFormat.Png), ChatFileTypes.Png);

        Assert.Equal((100, 50), (thumbnail.Width, thumbnail.Height));
        ColorAssert.Near(TestImages.Red, thumbnail[10, 25], "the left");
        ColorAssert.Near(TestImages.Blue, thumbnail[90, 25], "the right");
    }

    [Fact]
    public async Task A_WebP_image_gets_a_JPEG_thumbnail()
    {
        using var thumbnail = await ThumbnailOfAsync(TestImages.Halves(1000, 500, SKEncodedImageFormat.Webp), ChatFileTypes.WebP);

        Assert.Equal(SKEncodedImageFormat.Jpeg, thumbnail.Format);
        Assert.Equal((320, 160), (thumbnail.Width, thumbnail.Height));
    }

    [Fact]
    public async Task A_photo_with_EXIF_orientation_6_is_turned_a_quarter_clockwise()
    {
        // Stored 400 × 200: left half red, right half blue, and a green band along the top.
        var stored = TestImages.Encode(400, 200, SKEncodedImageFormat.Jpeg, canvas =>
        {
            using var paint = new SKPaint { Color = TestImages.Red };
            canvas.DrawRect(0, 0, 200, 200, paint);
            paint.Color = TestImages.Blue;
            canvas.DrawRect(200, 0, 200, 200, paint);
            paint.Color = TestImages.Green;
            canvas.DrawRect(0, 0, 400, 40, paint);
        });

        using var thumbnail = await ThumbnailOfAsync(TestImages.WithExifOrientation(stored, 6), ChatFileTypes.Jpeg);

        // Turned clockwise, the stored left comes to the top and the stored top to the right;
        // turned the other way (8) red would be at the bottom, mirrored (5) green at the left.
        Assert.Equal((160, 320), (thumbnail.Width, thumbnail.Height));
        ColorAssert.Near(TestImages.Red, thumbnail[40, 80], "the upright top");
        ColorAssert.Near(TestImages.Blue, thumbnail[40, 240], "the upright bottom");
        ColorAssert.Near(TestImages.Green, thumbnail[150, 80], "the upright right edge, top");
        ColorAssert.Near(TestImages.Green, thumbnail[150, 240], "the upright right edge, bottom");
    }

    [Fact]
    public async Task A_photo_with_EXIF_orientation_8_is_turned_a_quarter_anticlockwise()
    {
        var stored = TestImages.Halves(400, 200, SKEncodedImageFormat.Jpeg);

        using var thumbnail = await ThumbnailOfAsync(TestImages.WithExifOrientation(stored, 8), ChatFileTypes.Jpeg);

        Assert.Equal((160, 320), (thumbnail.Width, thumbnail.Height));
        ColorAssert.Near(TestImages.Blue, thumbnail[80, 40], "the upright top");
        ColorAssert.Near(TestImages.Red, thumbnail[80, 280], "the upright bottom");
    }

    [Fact]
    public async Task Transparency_becomes_white()
    {
        using var thumbnail = await ThumbnailOfAsync(TestImages.Plain(64, 64, SKColors.Transparent, SKEncodedImageFormat.Png), ChatFileTypes.Png);

        ColorAssert.Near(SKColors.White, thumbnail[32, 32], "the middle");
    }

    [Fact]
    public async Task Half_transparent_red_is_blended_onto_white()
    {
        using var thumbnail = await ThumbnailOfAsync(TestImages.Plain(64, 64, new SKColor(255, 0, 0, 128), SKEncodedImageFormat.Png), ChatFileTypes.Png);

        ColorAssert.Near(new SKColor(255, 127, 127), thumbnail[32, 32], "the middle");
    }

    [Fact]
    public async Task An_animated_GIF_gets_its_first_frame()
    {
        var gif = TestImages.AnimatedGif(16, [TestImages.Red, TestImages.Blue, SKColors.White, SKColors.Black], 0, 1, 1);

        using var thumbnail = await ThumbnailOfAsync(gif, ChatFileTypes.Gif);

        Assert.Equal((16, 16), (thumbnail.Width, thumbnail.Height));
        ColorAssert.Near(TestImages.Red, thumbnail[8, 8], "the middle");
    }

    [Theory]
    [InlineData(ChatFileTypes.Png)]
    [InlineData(ChatFileTypes.Jpeg)]
    public async Task Bytes_that_are_no_image_get_no_thumbnail(string contentType)
    {
        var garbage = new byte[4096];
        new Random(7).NextBytes(garbage);

        await AssertNoThumbnailAsync(garbage, contentType);
        await AssertNoThumbnailAsync([], contentType);
    }

    [Theory]
    [InlineData(SKEncodedImageFormat.Png, ChatFileTypes.Png)]
    [InlineData(SKEncodedImageFormat.Jpeg, ChatFileTypes.Jpeg)]
    public async Task A_truncated_image_gets_no_thumbnail(SKEncodedImageFormat format, string contentType)
    {
        // Noise, so the compressed data is long enough to cut in the middle of the pixels.
        var random = new Random(11);
        var image = TestImages.Encode(300, 300, format, canvas =>
        {
            using var paint = new SKPaint();
            for (var i = 0; i < 2000; i++)
            {
                paint.Color = new SKColor((uint)random.Next() | 0xFF000000);
                canvas.DrawRect(random.Next(300), random.Next(300), 7, 7, paint);
            }
        });

        await AssertNoThumbnailAsync(image[..(image.Length / 2)], contentType);
        await AssertNoThumbnailAsync(image[..20], contentType);
    }

    [Fact]
    public async Task A_PNG_declaring_100000_by_100000_pixels_is_refused_by_its_header()
    {
        await AssertNoThumbnailAsync(TestImages.PngDeclaring(100_000, 100_000), ChatFileTypes.Png);

        // Refused for its declared size (6002), not for failing to decode or to allocate (6001).
        Assert.Equal([6002], _log.Events);
    }

    [Fact]
    public async Task The_pixel_limit_is_read_from_the_header_before_decoding()
    {
        using var maker = new SkiaThumbnailMaker(_log, maxPixels: 1_000_000);
        using var thumbnail = new MemoryStream();

        Assert.False(await maker.MakeThumbnailAsync(new MemoryStream(TestImages.Halves(2000, 1000, SKEncodedImageFormat.Png)), ChatFileTypes.Png, Size, thumbnail, Cancellation));
        Assert.True(await maker.MakeThumbnailAsync(new MemoryStream(TestImages.Halves(1000, 1000, SKEncodedImageFormat.Png)), ChatFileTypes.Png, Size, thumbnail, Cancellation));
        Assert.Equal([6002], _log.Events);
    }

    [Fact]
    public async Task A_cancelled_call_throws_and_writes_nothing()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        using var thumbnail = new MemoryStream();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await _maker.MakeThumbnailAsync(new MemoryStream(TestImages.Halves(200, 100, SKEncodedImageFormat.Png)), ChatFileTypes.Png, Size, thumbnail, cancelled.Token));
        Assert.Equal(0, thumbnail.Length);
    }

    [Fact]
    public async Task The_image_stream_is_left_open_for_the_caller()
    {
        using var image = new MemoryStream(TestImages.Halves(200, 100, SKEncodedImageFormat.Png));
        using var thumbnail = new MemoryStream();

        Assert.True(await _maker.MakeThumbnailAsync(image, ChatFileTypes.Png, Size, thumbnail, Cancellation));

        image.Position = 0;
        Assert.Equal(0x89, image.ReadByte());
    }

    private async Task<Decoded> ThumbnailOfAsync(byte[] image, string contentType)
    {
        using var thumbnail = new MemoryStream();
        Assert.True(await _maker.MakeThumbnailAsync(new MemoryStream(image), contentType, Size, thumbnail, Cancellation));
        return Decoded.From(thumbnail.ToArray());
    }

    private async Task AssertNoThumbnailAsync(byte[] image, string contentType)
    {
        using var thumbnail = new MemoryStream();
        Assert.False(await _maker.MakeThumbnailAsync(new MemoryStream(image), contentType, Size, thumbnail, Cancellation));
        Assert.Equal(0, thumbnail.Length);
    }
}
