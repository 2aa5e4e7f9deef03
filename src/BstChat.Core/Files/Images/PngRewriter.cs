using System.Buffers.Binary;
using System.Text;

namespace BstChat.Files.Images;

/// <summary>
/// Reads a PNG's size and, given a target, writes it again without the chunks that carry
/// metadata (EXIF, text, time); the image chunks are copied as they are, checksums included.
/// </summary>
internal static class PngRewriter
{
    private static readonly HashSet<string> Metadata = new(StringComparer.Ordinal) { "eXIf", "tEXt", "zTXt", "iTXt", "tIME" };

    public static async ValueTask<ImageInfo> RewriteAsync(Stream source, Stream? target, CancellationToken cancellationToken)
    {
        var signature = await ImageStreams.ReadAsync(source, 8, cancellationToken);
        if (!IsSignature(signature))
        {
            throw InvalidImage.Because("it does not start as a PNG");
        }

        await ImageStreams.WriteAsync(target, signature, cancellationToken);
        ImageInfo? info = null;
        while (true)
        {
            var head = await ImageStreams.ReadAsync(source, 8, cancellationToken);
            var length = BinaryPrimitives.ReadUInt32BigEndian(head);
            var type = Encoding.ASCII.GetString(head, 4, 4);
            if (length > int.MaxValue)
            {
                throw InvalidImage.Because("a chunk has an impossible length");
            }

            if (info is null)
            {
                if (type != "IHDR" || length < 8)
                {
                    throw InvalidImage.Because("it does not start with its header");
                }

                var header = await ImageStreams.ReadAsync(source, (int)length + 4, cancellationToken);
                info = new ImageInfo((int)BinaryPrimitives.ReadUInt32BigEndian(header), (int)BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4)));
                await ImageStreams.WriteAsync(target, head, cancellationToken);
                await ImageStreams.WriteAsync(target, header, cancellationToken);
                continue;
            }

            var keep = !Metadata.Contains(type);
            if (keep)
            {
                await ImageStreams.WriteAsync(target, head, cancellationToken);
            }

            await ImageStreams.CopyAsync(source, keep ? target : null, length + 4L, cancellationToken);
            if (type == "IEND")
            {
                return info.Value;
            }
        }
    }

    private static bool IsSignature(ReadOnlySpan<byte> bytes) =>
        bytes.SequenceEqual((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
}
