using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace BstChat.Testing.Images;

/// <summary>
/// Images built byte by byte, with the metadata phones and editors write, so tests can see what
/// an upload keeps and what it loses. The PNG decodes; the JPEG and WebP are well-formed
/// containers whose compressed data is filler, which is all a metadata rewriter reads.
/// </summary>
public static class TestImages
{
    /// <summary>What the JPEG's EXIF says of the camera and place; a stripped image must not hold it.</summary>
    public const string JpegSecret = "BstCam 51.5074N 0.1278W";

    /// <summary>The JPEG's comment segment; also metadata.</summary>
    public const string JpegComment = "taken at 12 Elm Street";

    /// <summary>The PNG's and WebP's text metadata.</summary>
    public const string TextSecret = "Location: 12 Elm Street";

    /// <summary>The compressed data after the JPEG's scan header: kept byte for byte by a rewrite.</summary>
    public static readonly byte[] JpegScan = [0x12, 0x34, 0x56, 0x78, 0x9A, 0xBC, 0xDE, 0x00, 0x11, 0x22, 0xFF, 0xD9];

    /// <summary>A baseline JPEG stored <paramref name="width"/> × <paramref name="height"/>, with JFIF, EXIF (orientation, camera, GPS), an ICC profile, IPTC and a comment.</summary>
    /// <param name="width">Pixels across as stored.</param>
    /// <param name="height">Pixels down as stored.</param>
    /// <param name="orientation">The EXIF orientation, 1 to 8, or null for no EXIF at all.</param>
    public static byte[] Jpeg(int width, int height, int? orientation = 6)
    {
        using var jpeg = new MemoryStream();
        jpeg.Write([0xFF, 0xD8]);
        Segment(jpeg, 0xE0, [.. "JFIF\0"u8, 1, 2, 0, 0, 1, 0, 1, 0, 0]);
        if (orientation is { } value)
        {
            Segment(jpeg, 0xE1, [.. "Exif\0\0"u8, .. Exif(value)]);
        }

        Segment(jpeg, 0xE2, [.. "ICC_PROFILE\0"u8, 1, 1, .. "colour profile"u8]);
        Segment(jpeg, 0xED, [.. "Photoshop 3.0\0"u8, .. Encoding.ASCII.GetBytes(JpegSecret)]);
        Segment(jpeg, 0xFE, Encoding.ASCII.GetBytes(JpegComment));
        var frame = new byte[15];
        frame[0] = 8;
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(1), (ushort)height);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(3), (ushort)width);
        frame[5] = 3;
        for (var c = 0; c < 3; c++)
        {
            (frame[6 + (c * 3)], frame[7 + (c * 3)], frame[8 + (c * 3)]) = ((byte)(c + 1), 0x11, 0);
        }

        Segment(jpeg, 0xC0, frame);
        Segment(jpeg, 0xC4, [0x00, .. new byte[16], 0x00]);
        Segment(jpeg, 0xDA, [3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0]);
        jpeg.Write(JpegScan);
        return jpeg.ToArray();
    }

    /// <summary>A greyscale PNG that decodes, one grey repeated, with text, time and EXIF chunks when <paramref name="withMetadata"/>.</summary>
    /// <param name="width">Pixels across.</param>
    /// <param name="height">Pixels down.</param>
    /// <param name="withMetadata">Whether to add tEXt, iTXt, tIME and eXIf chunks.</param>
    public static byte[] Png(int width, int height, bool withMetadata = false)
    {
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 0; // greyscale
        PngChunk(png, "IHDR", header);
        if (withMetadata)
        {
            PngChunk(png, "tEXt", [.. "Comment\0"u8, .. Encoding.ASCII.GetBytes(TextSecret)]);
            PngChunk(png, "iTXt", [.. "Author\0\0\0\0\0"u8, .. Encoding.ASCII.GetBytes(TextSecret)]);
            PngChunk(png, "tIME", [0x07, 0xEA, 12, 4, 10, 30, 0]);
            PngChunk(png, "eXIf", Exif(1));
        }

        using var pixels = new MemoryStream();
        using (var zlib = new ZLibStream(pixels, CompressionLevel.Optimal, leaveOpen: true))
        {
            var row = new byte[width + 1];
            Array.Fill(row, (byte)0x80, 1, width);
            for (var y = 0; y < height; y++)
            {
                zlib.Write(row);
            }
        }

        PngChunk(png, "IDAT", pixels.ToArray());
        PngChunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>An extended WebP (VP8X) of the given size with EXIF and XMP chunks flagged in its header, and a lossy image chunk of filler.</summary>
    /// <param name="width">Pixels across.</param>
    /// <param name="height">Pixels down.</param>
    public static byte[] WebP(int width, int height)
    {
        using var chunks = new MemoryStream();
        var extended = new byte[10];
        extended[0] = 0x08 | 0x04; // EXIF and XMP present
        WriteUInt24(extended.AsSpan(4), width - 1);
        WriteUInt24(extended.AsSpan(7), height - 1);
        RiffChunk(chunks, "VP8X", extended);
        var lossy = new byte[11];
        lossy[3] = 0x9D;
        lossy[4] = 0x01;
        lossy[5] = 0x2A;
        BinaryPrimitives.WriteUInt16LittleEndian(lossy.AsSpan(6), (ushort)width);
        BinaryPrimitives.WriteUInt16LittleEndian(lossy.AsSpan(8), (ushort)height);
        RiffChunk(chunks, "VP8 ", lossy);
        RiffChunk(chunks, "EXIF", Exif(1));
        RiffChunk(chunks, "XMP ", Encoding.ASCII.GetBytes($"<x:xmpmeta>{TextSecret}</x:xmpmeta>"));

        using var webp = new MemoryStream();
        webp.Write("RIFF"u8);
        Span<byte> size = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(size, (uint)(4 + chunks.Length));
        webp.Write(size);
        webp.Write("WEBP"u8);
        chunks.WriteTo(webp);
        return webp.ToArray();
    }

    /// <summary>Whether <paramref name="haystack"/> holds <paramref name="text"/> anywhere, as ASCII.</summary>
    public static bool Contains(byte[] haystack, string text) => haystack.AsSpan().IndexOf(Encoding.ASCII.GetBytes(text)) >= 0;

    /// <summary>A little-endian TIFF block (what follows <c>Exif\0\0</c>): orientation, the camera's make, and a GPS directory.</summary>
    private static byte[] Exif(int orientation)
    {
        var make = Encoding.ASCII.GetBytes(JpegSecret + "\0");
        const int ifd = 8, entries = 3, ifdLength = 2 + (entries * 12) + 4;
        const int gps = ifd + ifdLength;
        const int gpsLength = 2 + 12 + 4;
        var makeAt = gps + gpsLength;
        var tiff = new byte[makeAt + make.Length];
        "II*\0"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(4), ifd);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(ifd), entries);
        Entry(tiff, ifd + 2, tag: 0x010F, type: 2, count: (uint)make.Length, value: (uint)makeAt); // Make, ASCII
        Entry(tiff, ifd + 14, tag: 0x0112, type: 3, count: 1, value: (uint)orientation); // Orientation, SHORT
        Entry(tiff, ifd + 26, tag: 0x8825, type: 4, count: 1, value: gps); // GPS directory
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(gps), 1);
        Entry(tiff, gps + 2, tag: 0x0001, type: 2, count: 2, value: 'N'); // GPSLatitudeRef "N"
        make.CopyTo(tiff, makeAt);
        return tiff;
    }

    private static void Entry(byte[] tiff, int at, ushort tag, ushort type, uint count, uint value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(at), tag);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(at + 2), type);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(at + 4), count);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(at + 8), value);
    }

    private static void Segment(Stream jpeg, byte marker, byte[] payload)
    {
        jpeg.Write([0xFF, marker]);
        Span<byte> length = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)(payload.Length + 2));
        jpeg.Write(length);
        jpeg.Write(payload);
    }

    private static void RiffChunk(Stream webp, string type, byte[] data)
    {
        webp.Write(Encoding.ASCII.GetBytes(type));
        Span<byte> size = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(size, (uint)data.Length);
        webp.Write(size);
        webp.Write(data);
        if (data.Length % 2 == 1)
        {
            webp.WriteByte(0);
        }
    }

    private static void WriteUInt24(Span<byte> at, int value) => (at[0], at[1], at[2]) = ((byte)value, (byte)(value >> 8), (byte)(value >> 16));

    private static void PngChunk(Stream png, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typeAndData);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typeAndData));
        png.Write(crc);
    }

    /// <summary>The CRC-32 PNG chunks end with (ISO 3309, reflected, polynomial 0xEDB88320).</summary>
    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
