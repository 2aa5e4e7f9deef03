using BstChat.Thumbnails.Skia.Imaging;
using BstChat.Thumbnails.Skia.Tests.Infrastructure;
using SkiaSharp;

namespace BstChat.Thumbnails.Skia.Tests;

/// <summary>The thumbnail's size, and the size its image is decoded at.</summary>
public sealed class ThumbnailGeometryTests
{
    [Theory]
    [InlineData(2000, 1000, 320, 160)]
    [InlineData(1000, 2000, 160, 320)]
    [InlineData(320, 320, 320, 320)]
    [InlineData(100, 50, 100, 50)]
    [InlineData(5000, 1, 320, 1)]
    [InlineData(1, 5000, 1, 320)]
    [InlineData(4032, 3024, 320, 240)]
    public void The_longer_side_is_fitted_and_nothing_is_enlarged(int width, int height, int expectedWidth, int expectedHeight)
    {
        Assert.Equal(new SKSizeI(expectedWidth, expectedHeight), ThumbnailGeometry.Fit(new SKSizeI(width, height), 320));
    }

    [Fact]
    public void A_12_megapixel_JPEG_is_decoded_at_an_eighth_of_its_size_for_a_small_thumbnail()
    {
        using var codec = SKCodec.Create(new MemoryStream(TestImages.Plain(4000, 3000, SKColors.Gray, SKEncodedImageFormat.Jpeg)));

        var size = ThumbnailGeometry.DecodeSize(codec, new SKSizeI(320, 240));

        Assert.Equal(new SKSizeI(500, 375), size);
    }

    [Fact]
    public void A_JPEG_is_decoded_at_no_less_than_the_thumbnail_even_where_the_codec_rounds_the_scale_down()
    {
        // 320 / 1000 = 0.32, which JPEG would round to 2/8 (250 wide) if asked for as it is.
        using var codec = SKCodec.Create(new MemoryStream(TestImages.Plain(1000, 500, SKColors.Gray, SKEncodedImageFormat.Jpeg)));

        var size = ThumbnailGeometry.DecodeSize(codec, new SKSizeI(320, 160));

        Assert.InRange(size.Width, 320, 500);
        Assert.InRange(size.Height, 160, 250);
    }

    [Fact]
    public void A_PNG_is_decoded_at_its_full_size_which_the_pixel_limit_bounds()
    {
        using var codec = SKCodec.Create(new MemoryStream(TestImages.Plain(2000, 1000, SKColors.Gray, SKEncodedImageFormat.Png)));

        Assert.Equal(new SKSizeI(2000, 1000), ThumbnailGeometry.DecodeSize(codec, new SKSizeI(320, 160)));
    }
}
