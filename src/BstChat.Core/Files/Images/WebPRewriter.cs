using System.Buffers.Binary;
using System.Text;

namespace BstChat.Files.Images;

/// <summary>
/// Reads a WebP's size and, given a seekable target, writes it again without its EXIF and XMP
/// chunks, clearing the extended header's flags for them and the RIFF size to match.
/// </summary>
internal static class WebPRewriter
{
    private const byte ExifFlag = 0x08;
    private const byte XmpFlag = 0x04;

    public static async ValueTask<ImageInfo> RewriteAsync(Stream source, Stream? target, CancellationToken cancellationToken)
    {
        var riff = await ImageStreams.ReadAsync(source, 12, cancellationToken);
        if (!riff.AsSpan(0, 4).SequenceEqual("RIFF"u8) || !riff.AsSpan(8, 4).SequenceEqual("WEBP"u8))
        {
            throw InvalidImage.Because("it does not start as a WebP");
        }

        var remaining = (long)BinaryPrimitives.ReadUInt32LittleEndian(riff.AsSpan(4)) - 4;
        var start = target?.Position ?? 0;
        await ImageStreams.WriteAsync(target, riff, cancellationToken);
        long written = 4;
        ImageInfo? info = null;
        while (remaining >= 8)
        {
            var head = await ImageStreams.ReadAsync(source, 8, cancellationToken);
            var type = Encoding.ASCII.GetString(head, 0, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(4));
            var padded = size + (size & 1);
            remaining -= 8 + padded;
            if (remaining < 0)
            {
                throw InvalidImage.Because("a chunk runs past the file");
            }

            if (type is "EXIF" or "XMP ")
            {
                await ImageStreams.CopyAsync(source, null, padded, cancellationToken);
                continue;
            }

            var first = await ImageStreams.ReadAsync(source, (int)Math.Min(padded, 10), cancellationToken);
            info ??= SizeOf(type, first);
            if (type == "VP8X" && first.Length == 10)
            {
                first[0] &= unchecked((byte)~(ExifFlag | XmpFlag));
            }

            await ImageStreams.WriteAsync(target, head, cancellationToken);
            await ImageStreams.WriteAsync(target, first, cancellationToken);
            await ImageStreams.CopyAsync(source, target, padded - first.Length, cancellationToken);
            written += 8 + padded;
        }

        if (info is not { } found)
        {
            throw InvalidImage.Because("it has no image chunk");
        }

        if (target is not null)
        {
            var end = target.Position;
            target.Position = start + 4;
            var riffSize = new byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(riffSize, (uint)written);
            await target.WriteAsync(riffSize, cancellationToken);
            target.Position = end;
        }

        return found;
    }

    private static ImageInfo? SizeOf(string type, byte[] first) => type switch
    {
        "VP8X" when first.Length == 10 => new ImageInfo(1 + (first[4] | (first[5] << 8) | (first[6] << 16)), 1 + (first[7] | (first[8] << 8) | (first[9] << 16))),
        "VP8 " when first.Length == 10 => new ImageInfo(BinaryPrimitives.ReadUInt16LittleEndian(first.AsSpan(6)) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(first.AsSpan(8)) & 0x3FFF),
        "VP8L" when first.Length >= 5 && first[0] == 0x2F => Lossless(BinaryPrimitives.ReadUInt32LittleEndian(first.AsSpan(1))),
        _ => null,
    };

    private static ImageInfo Lossless(uint bits) => new((int)(bits & 0x3FFF) + 1, (int)((bits >> 14) & 0x3FFF) + 1);
}
