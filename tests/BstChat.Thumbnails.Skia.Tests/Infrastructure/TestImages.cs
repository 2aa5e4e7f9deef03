using System.Buffers.Binary;
using System.Text;
using SkiaSharp;

namespace BstChat.Thumbnails.Skia.Tests.Infrastructure;

/// <summary>Images made in the test, with SkiaSharp or byte by byte, so no test file is shipped.</summary>
internal static class TestImages
{
    public static readonly SKColor Red = new(255, 0, 0);
    public static readonly SKColor Blue = new(0, 0, 255);
    public static readonly SKColor Green = new(0, 255, 0);

    /// <summary>An image of <paramref name="width"/> × <paramref name="height"/>, its left half red and its right half blue.</summary>
    public static byte[] Halves(int width, int height, SKEncodedImageFormat format) =>
        Encode(width, height, format, canvas =>
        {
            using var paint = new SKPaint { Color = Red };
            canvas.DrawRect(0, 0, width / 2f, height, paint);
            paint.Color = Blue;
            canvas.DrawRect(width / 2f, 0, width / 2f, height, paint);
        });

    /// <summary>An image of one colour, which may be transparent.</summary>
    public static byte[] Plain(int width, int height, SKColor color, SKEncodedImageFormat format) =>
        Encode(width, height, format, canvas => canvas.Clear(color));

    public static byte[] Encode(int width, int height, SKEncodedImageFormat format, Action<SKCanvas> paint)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Transparent);
            paint(canvas);
        }

        using var data = bitmap.Encode(format, 95);
        return data.ToArray();
    }

    /// <summary>
    /// <paramref name="jpeg"/> with an EXIF APP1 segment right after its SOI marker, holding one
    /// IFD entry: Orientation (0x0112) = <paramref name="orientation"/>.
    /// </summary>
    public static byte[] WithExifOrientation(byte[] jpeg, ushort orientation)
    {
        Assert.True(jpeg is [0xFF, 0xD8, ..], "Not a JPEG.");
        var tiff = new byte[8 + 2 + 12 + 4];
        "MM"u8.CopyTo(tiff);                                            // big-endian TIFF
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(2), 42);
        BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(4), 8);       // first IFD right after the header
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(8), 1);       // one entry
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(10), 0x0112); // Orientation
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(12), 3);      // SHORT
        BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(14), 1);      // one value, held in the entry
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(18), orientation);
        // The next IFD offset (0: none) is the zeroes left at the end.

        byte[] payload = [.. Encoding.ASCII.GetBytes("Exif\0\0"), .. tiff];
        var length = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)(payload.Length + 2));
        return [0xFF, 0xD8, 0xFF, 0xE1, .. length, .. payload, .. jpeg.AsSpan(2)];
    }

    /// <summary>
    /// A PNG of a few dozen bytes whose header (with a correct CRC) declares
    /// <paramref name="width"/> × <paramref name="height"/>: a decompression bomb's shape.
    /// </summary>
    public static byte[] PngDeclaring(int width, int height)
    {
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;  // bit depth
        header[9] = 6;  // RGBA
        // Compression, filter and interlace methods: all 0.
        byte[] idat = [0x78, 0x9C, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01]; // a tiny zlib stream
        return [0x89, .. "PNG\r\n\u001a\n"u8, .. Chunk("IHDR", header), .. Chunk("IDAT", idat), .. Chunk("IEND", [])];
    }

    /// <summary>
    /// A GIF of <paramref name="frames"/>.Length full frames of <paramref name="side"/> × <paramref name="side"/>,
    /// each of one colour from a four-colour palette, looping (SkiaSharp has no GIF encoder).
    /// </summary>
    public static byte[] AnimatedGif(int side, SKColor[] palette, params int[] frames)
    {
        Assert.Equal(4, palette.Length);
        using var gif = new MemoryStream();
        gif.Write("GIF89a"u8);
        Span<byte> screen = stackalloc byte[7];
        BinaryPrimitives.WriteUInt16LittleEndian(screen, (ushort)side);
        BinaryPrimitives.WriteUInt16LittleEndian(screen[2..], (ushort)side);
        screen[4] = 0b1000_0001; // a global colour table of 2^(1+1) = 4 entries
        gif.Write(screen);
        foreach (var color in palette)
        {
            gif.Write([color.Red, color.Green, color.Blue]);
        }

        gif.Write([0x21, 0xFF, 0x0B, .. "NETSCAPE2.0"u8, 0x03, 0x01, 0x00, 0x00, 0x00]); // loop forever
        foreach (var index in frames)
        {
            gif.Write([0x21, 0xF9, 0x04, 0b0000_0100, 10, 0, 0, 0]); // keep the frame, 0.1 s
            var descriptor = new byte[10];
            descriptor[0] = 0x2C;
            BinaryPrimitives.WriteUInt16LittleEndian(descriptor.AsSpan(5), (ushort)side);
            BinaryPrimitives.WriteUInt16LittleEndian(descriptor.AsSpan(7), (ushort)side);
            gif.Write(descriptor);
            gif.WriteByte(2); // LZW minimum code size
            var data = Lzw(side * side, index);
            for (var at = 0; at < data.Length; at += 255)
            {
                var block = data.AsSpan(at, Math.Min(255, data.Length - at));
                gif.WriteByte((byte)block.Length);
                gif.Write(block);
            }

            gif.WriteByte(0);
        }

        gif.WriteByte(0x3B);
        return gif.ToArray();
    }

    /// <summary>
    /// LZW data of <paramref name="count"/> pixels of one palette index, 3-bit codes throughout:
    /// a clear code before every two pixels keeps the table too small to widen the codes.
    /// </summary>
    private static byte[] Lzw(int count, int index)
    {
        const int Clear = 4, End = 5;
        var codes = new List<int>();
        for (var i = 0; i < count; i++)
        {
            if (i % 2 == 0)
            {
                codes.Add(Clear);
            }

            codes.Add(index);
        }

        codes.Add(End);
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var code in codes)
        {
            buffer |= code << bits;
            bits += 3;
            while (bits >= 8)
            {
                bytes.Add((byte)(buffer & 0xFF));
                buffer >>= 8;
                bits -= 8;
            }
        }

        if (bits > 0)
        {
            bytes.Add((byte)buffer);
        }

        return [.. bytes];
    }

    private static byte[] Chunk(string type, byte[] data)
    {
        var typed = (byte[])[.. Encoding.ASCII.GetBytes(type), .. data];
        var length = new byte[4];
        var crc = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        return [.. length, .. typed, .. crc];
    }

    /// <summary>PNG's CRC-32 (ISO 3309), over the chunk's type and data.</summary>
    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFF_FFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB8_8320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }
}
