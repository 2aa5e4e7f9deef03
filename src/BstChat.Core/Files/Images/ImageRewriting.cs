using System.Buffers.Binary;

namespace BstChat.Files.Images;

/// <summary>
/// The images chat shows inline, read for their size and, when <c>StripImageMetadata</c> is on
/// (the default: many users are children, and a phone photo's EXIF holds where it was taken),
/// written again without their metadata. An image whose structure cannot be followed is refused
/// rather than stored with what it may carry.
/// </summary>
internal static class ImageRewriting
{
    /// <summary>Reads <paramref name="source"/> from its start; writes the stripped image to <paramref name="target"/> unless it is null.</summary>
    public static async ValueTask<ImageInfo> RewriteAsync(Stream source, string contentType, Stream? target, CancellationToken cancellationToken) => contentType switch
    {
        ChatFileTypes.Jpeg => await JpegRewriter.RewriteAsync(source, target, cancellationToken),
        ChatFileTypes.Png => await PngRewriter.RewriteAsync(source, target, cancellationToken),
        ChatFileTypes.WebP => await WebPRewriter.RewriteAsync(source, target, cancellationToken),
        ChatFileTypes.Gif => await CopyGifAsync(source, target, cancellationToken),
        _ => throw new ArgumentException($"{contentType} is not an image chat shows.", nameof(contentType)),
    };

    /// <summary>A GIF carries no EXIF or location; it is kept as it is.</summary>
    private static async ValueTask<ImageInfo> CopyGifAsync(Stream source, Stream? target, CancellationToken cancellationToken)
    {
        var header = await ImageStreams.ReadAsync(source, 10, cancellationToken);
        var info = new ImageInfo(BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(6)), BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(8)));
        if (target is not null)
        {
            await target.WriteAsync(header, cancellationToken);
            await source.CopyToAsync(target, cancellationToken);
        }

        return info;
    }
}
