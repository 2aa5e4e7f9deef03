using System.Buffers.Binary;
using BstChat.Files.Images;
using BstChat.Testing.Images;
using Xunit;

namespace BstChat.Core.Tests.Files;

/// <summary>Images read for their size and written again without what they say of where and by whom they were taken.</summary>
public sealed class ImageRewritingTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_phone_photo_loses_its_EXIF_IPTC_and_comment_keeps_its_orientation_profile_and_image_data_and_reports_its_size_as_shown()
    {
        var photo = TestImages.Jpeg(400, 200, orientation: 6);
        Assert.True(TestImages.Contains(photo, TestImages.JpegSecret));

        var (info, stripped) = await RewriteAsync(photo, ChatFileTypes.Jpeg);

        Assert.Equal(new ImageInfo(200, 400), info);
        Assert.False(TestImages.Contains(stripped, TestImages.JpegSecret));
        Assert.False(TestImages.Contains(stripped, TestImages.JpegComment));
        Assert.False(TestImages.Contains(stripped, "Photoshop"));
        var segments = Segments(stripped);
        Assert.Equal([0xE0, 0xE1, 0xE2, 0xC0, 0xC4, 0xDA], segments.Select(s => s.Marker));
        var exif = segments[1].Payload;
        Assert.Equal(6, ExifOrientation.Read(exif.AsSpan(6)));
        Assert.True(TestImages.Contains(stripped, "ICC_PROFILE"));
        Assert.Equal(TestImages.JpegScan, stripped[^TestImages.JpegScan.Length..]);
        // What was kept is what was received, byte for byte.
        Assert.Equal(Segments(photo).Where(s => s.Marker is 0xE0 or 0xE2 or 0xC0 or 0xC4 or 0xDA), segments.Where(s => s.Marker != 0xE1), SegmentComparer.Instance);
    }

    [Fact]
    public async Task A_photo_upright_as_stored_gets_no_EXIF_back_and_one_without_EXIF_stays_without()
    {
        var (upright, strippedUpright) = await RewriteAsync(TestImages.Jpeg(300, 100, orientation: 1), ChatFileTypes.Jpeg);
        var (plain, strippedPlain) = await RewriteAsync(TestImages.Jpeg(300, 100, orientation: null), ChatFileTypes.Jpeg);

        Assert.Equal((new ImageInfo(300, 100), new ImageInfo(300, 100)), (upright, plain));
        Assert.DoesNotContain(Segments(strippedUpright), s => s.Marker == 0xE1);
        Assert.Equal(strippedUpright, strippedPlain);
    }

    [Theory]
    [InlineData(5, 20, 10)]
    [InlineData(8, 20, 10)]
    [InlineData(3, 10, 20)]
    [InlineData(2, 10, 20)]
    public async Task Orientations_that_turn_a_quarter_swap_the_size_shown(int orientation, int shownWidth, int shownHeight)
    {
        var (info, _) = await RewriteAsync(TestImages.Jpeg(10, 20, orientation), ChatFileTypes.Jpeg);

        Assert.Equal(new ImageInfo(shownWidth, shownHeight), info);
    }

    [Fact]
    public async Task Without_a_target_only_the_size_is_read()
    {
        var photo = TestImages.Jpeg(640, 480, orientation: 1);
        using var source = new MemoryStream(photo);

        var info = await ImageRewriting.RewriteAsync(source, ChatFileTypes.Jpeg, target: null, Cancellation);

        Assert.Equal(new ImageInfo(640, 480), info);
    }

    [Fact]
    public async Task A_PNG_loses_its_text_time_and_EXIF_chunks_and_keeps_every_other_chunk_as_it_was()
    {
        var png = TestImages.Png(40, 30, withMetadata: true);
        Assert.True(TestImages.Contains(png, TestImages.TextSecret));

        var (info, stripped) = await RewriteAsync(png, ChatFileTypes.Png);

        Assert.Equal(new ImageInfo(40, 30), info);
        Assert.False(TestImages.Contains(stripped, TestImages.TextSecret));
        Assert.False(TestImages.Contains(stripped, TestImages.JpegSecret));
        Assert.Equal(TestImages.Png(40, 30), stripped);
    }

    [Fact]
    public async Task A_WebP_loses_its_EXIF_and_XMP_its_header_stops_announcing_them_and_its_RIFF_size_matches_what_is_left()
    {
        var webp = TestImages.WebP(1024, 768);

        var (info, stripped) = await RewriteAsync(webp, ChatFileTypes.WebP);

        Assert.Equal(new ImageInfo(1024, 768), info);
        Assert.False(TestImages.Contains(stripped, TestImages.TextSecret));
        Assert.False(TestImages.Contains(stripped, TestImages.JpegSecret));
        Assert.Equal((uint)(stripped.Length - 8), BinaryPrimitives.ReadUInt32LittleEndian(stripped.AsSpan(4)));
        Assert.Equal("VP8X", System.Text.Encoding.ASCII.GetString(stripped, 12, 4));
        Assert.Equal(0, stripped[20] & 0x0C);
        Assert.True(TestImages.Contains(stripped, "VP8 "));
    }

    [Fact]
    public async Task A_GIF_is_kept_as_it_is_with_its_size_read()
    {
        byte[] gif = [.. "GIF89a"u8, 0x20, 0x03, 0x58, 0x02, 0x80, 0, 0, .. new byte[6], 0x3B];

        var (info, copy) = await RewriteAsync(gif, ChatFileTypes.Gif);

        Assert.Equal(new ImageInfo(800, 600), info);
        Assert.Equal(gif, copy);
    }

    public static TheoryData<string, byte[], string> Broken => new()
    {
        { ChatFileTypes.Jpeg, TestImages.Jpeg(10, 10)[..^20], "ends early" },
        { ChatFileTypes.Jpeg, [.. TestImages.Jpeg(10, 10).Take(2), 0xFF, 0xD9], "ends before its image data" },
        { ChatFileTypes.Jpeg, [0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02, 0x00], "no frame header" },
        { ChatFileTypes.Jpeg, [0xFF, 0xD8, 0x00, 0x00], "does not start with a marker" },
        { ChatFileTypes.Jpeg, [0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x01], "impossible length" },
        { ChatFileTypes.Png, TestImages.Png(10, 10)[..^6], "ends early" },
        { ChatFileTypes.Png, TestImages.Png(10, 10)[..8], "ends early" },
        { ChatFileTypes.WebP, TestImages.WebP(10, 10)[..40], "ends early" },
        { ChatFileTypes.WebP, [.. "RIFF"u8, 4, 0, 0, 0, .. "WEBP"u8], "no image chunk" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public async Task An_image_whose_structure_cannot_be_followed_is_refused_as_invalid_image(string contentType, byte[] image, string why)
    {
        using var source = new MemoryStream(image);
        using var target = new MemoryStream();

        var refused = await Assert.ThrowsAsync<ChatException>(async () => await ImageRewriting.RewriteAsync(source, contentType, target, Cancellation));

        Assert.Equal((ChatErrorKind.Unprocessable, ChatErrorCodes.InvalidImage), (refused.Kind, refused.Code));
        Assert.Contains(why, refused.Message, StringComparison.Ordinal);
    }

    private static async Task<(ImageInfo Info, byte[] Stripped)> RewriteAsync(byte[] image, string contentType)
    {
        using var source = new MemoryStream(image);
        using var target = new MemoryStream();
        var info = await ImageRewriting.RewriteAsync(source, contentType, target, Cancellation);
        return (info, target.ToArray());
    }

    /// <summary>A JPEG's segments up to and including its scan header, as markers and payloads.</summary>
    private static List<(byte Marker, byte[] Payload)> Segments(byte[] jpeg)
    {
        var segments = new List<(byte, byte[])>();
        var at = 2;
        while (true)
        {
            var marker = jpeg[at + 1];
            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(at + 2));
            segments.Add((marker, jpeg[(at + 4)..(at + 2 + length)]));
            at += 2 + length;
            if (marker == 0xDA)
            {
                return segments;
            }
        }
    }

    private sealed class SegmentComparer : IEqualityComparer<(byte Marker, byte[] Payload)>
    {
        public static readonly SegmentComparer Instance = new();

        public bool Equals((byte Marker, byte[] Payload) x, (byte Marker, byte[] Payload) y) => x.Marker == y.Marker && x.Payload.AsSpan().SequenceEqual(y.Payload);

        public int GetHashCode((byte Marker, byte[] Payload) obj) => obj.Marker;
    }
}
