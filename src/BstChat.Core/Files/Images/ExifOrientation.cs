using System.Buffers.Binary;

namespace BstChat.Files.Images;

/// <summary>
/// The one EXIF tag kept when a photo's metadata is stripped: which way up it is. Everything else
/// EXIF carries (GPS position, time, camera serial) goes; without this one a phone photo would
/// show on its side.
/// </summary>
internal static class ExifOrientation
{
    private const ushort OrientationTag = 0x0112;

    /// <summary>The orientation (1 to 8) in an EXIF block (after its <c>Exif\0\0</c> header), or 1 when it has none.</summary>
    public static int Read(ReadOnlySpan<byte> tiff)
    {
        if (tiff.Length < 8)
        {
            return 1;
        }

        var bigEndian = tiff[0] == (byte)'M';
        var ifd = U32(tiff, 4, bigEndian);
        if (ifd > tiff.Length - 2)
        {
            return 1;
        }

        var entries = U16(tiff, (int)ifd, bigEndian);
        for (var i = 0; i < entries; i++)
        {
            var entry = (int)ifd + 2 + (i * 12);
            if (entry + 12 > tiff.Length)
            {
                return 1;
            }

            if (U16(tiff, entry, bigEndian) == OrientationTag)
            {
                var value = U16(tiff, entry + 8, bigEndian);
                return value is >= 1 and <= 8 ? value : 1;
            }
        }

        return 1;
    }

    private static ushort U16(ReadOnlySpan<byte> tiff, int at, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(tiff[at..]) : BinaryPrimitives.ReadUInt16LittleEndian(tiff[at..]);

    private static uint U32(ReadOnlySpan<byte> tiff, int at, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(tiff[at..]) : BinaryPrimitives.ReadUInt32LittleEndian(tiff[at..]);

    /// <summary>An APP1 segment holding only the orientation, marker and length included.</summary>
    public static byte[] Segment(int orientation)
    {
        byte[] segment =
        [
            0xFF, 0xE1, 0x00, 0x22, // APP1, length 34
            (byte)'E', (byte)'x', (byte)'i', (byte)'f', 0, 0,
            (byte)'M', (byte)'M', 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08, // big-endian TIFF, first IFD at 8
            0x00, 0x01, // one entry
            0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, (byte)orientation, 0x00, 0x00, // Orientation, SHORT, 1
            0x00, 0x00, 0x00, 0x00, // no next IFD
        ];
        return segment;
    }
}
