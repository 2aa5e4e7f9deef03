using System.Buffers.Binary;

namespace BstChat.Files.Images;

/// <summary>
/// Reads a JPEG's size and orientation and, given a target, writes it again without its metadata:
/// every APPn segment but JFIF (APP0), the colour profile (APP2) and Adobe's colour transform
/// (APP14) is dropped, with comments, so EXIF (GPS position, time, camera), XMP and IPTC go; the
/// orientation is written back alone. The compressed image after the scan header is copied as is.
/// </summary>
internal static class JpegRewriter
{
    private const byte StartOfScan = 0xDA;

    public static async ValueTask<ImageInfo> RewriteAsync(Stream source, Stream? target, CancellationToken cancellationToken)
    {
        var start = await ImageStreams.ReadAsync(source, 2, cancellationToken);
        if (start[0] != 0xFF || start[1] != 0xD8)
        {
            throw InvalidImage.Because("it does not start as a JPEG");
        }

        var kept = new List<byte[]>();
        var orientation = 1;
        (int Width, int Height)? size = null;
        while (true)
        {
            var marker = await ReadMarkerAsync(source, cancellationToken);
            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                kept.Add([0xFF, marker]);
                continue;
            }

            if (marker == 0xD9)
            {
                throw InvalidImage.Because("it ends before its image data");
            }

            var lengthBytes = await ImageStreams.ReadAsync(source, 2, cancellationToken);
            var length = BinaryPrimitives.ReadUInt16BigEndian(lengthBytes);
            if (length < 2)
            {
                throw InvalidImage.Because("a segment has an impossible length");
            }

            var payload = await ImageStreams.ReadAsync(source, length - 2, cancellationToken);
            var segment = (byte[])[0xFF, marker, .. lengthBytes, .. payload];
            if (marker == StartOfScan)
            {
                if (size is not { } frame)
                {
                    throw InvalidImage.Because("it has no frame header");
                }

                await WriteHeadAsync(target, kept, orientation, cancellationToken);
                await ImageStreams.WriteAsync(target, segment, cancellationToken);
                if (target is not null)
                {
                    await source.CopyToAsync(target, cancellationToken);
                }

                return ImageInfo.Oriented(frame.Width, frame.Height, orientation);
            }

            if (IsFrameHeader(marker) && payload.Length >= 5)
            {
                size = (BinaryPrimitives.ReadUInt16BigEndian(payload.AsSpan(3)), BinaryPrimitives.ReadUInt16BigEndian(payload.AsSpan(1)));
            }

            if (marker == 0xE1 && payload.AsSpan().StartsWith("Exif\0\0"u8))
            {
                orientation = ExifOrientation.Read(payload.AsSpan(6));
            }

            if (!IsMetadata(marker))
            {
                kept.Add(segment);
            }
        }
    }

    /// <summary>APPn but JFIF, ICC and Adobe, and comments.</summary>
    private static bool IsMetadata(byte marker) => marker == 0xFE || (marker is >= 0xE1 and <= 0xEF && marker is not (0xE2 or 0xEE));

    /// <summary>SOF0 to SOF15, which are C0 to CF without DHT (C4), JPG (C8) and DAC (CC).</summary>
    private static bool IsFrameHeader(byte marker) => marker is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC);

    private static async ValueTask<byte> ReadMarkerAsync(Stream source, CancellationToken cancellationToken)
    {
        var first = await ImageStreams.ReadAsync(source, 1, cancellationToken);
        if (first[0] != 0xFF)
        {
            throw InvalidImage.Because("a segment does not start with a marker");
        }

        while (true)
        {
            // Markers may be padded with any number of 0xFF bytes.
            var next = await ImageStreams.ReadAsync(source, 1, cancellationToken);
            if (next[0] != 0xFF)
            {
                return next[0];
            }
        }
    }

    private static async ValueTask WriteHeadAsync(Stream? target, List<byte[]> kept, int orientation, CancellationToken cancellationToken)
    {
        await ImageStreams.WriteAsync(target, new byte[] { 0xFF, 0xD8 }, cancellationToken);
        var rest = 0;
        // JFIF's APP0 must come first; the orientation follows it, where EXIF would have been.
        if (kept.Count > 0 && kept[0][1] == 0xE0)
        {
            await ImageStreams.WriteAsync(target, kept[0], cancellationToken);
            rest = 1;
        }

        if (orientation != 1)
        {
            await ImageStreams.WriteAsync(target, ExifOrientation.Segment(orientation), cancellationToken);
        }

        foreach (var segment in kept.Skip(rest))
        {
            await ImageStreams.WriteAsync(target, segment, cancellationToken);
        }
    }
}
