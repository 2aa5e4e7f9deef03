namespace BstChat.Files;

/// <summary>
/// Makes thumbnails of uploaded images; added by an imaging package (for example
/// <c>AddSkiaThumbnails()</c>). With none registered, images are stored without thumbnails and
/// shown from their full content.
/// </summary>
public interface IChatThumbnailMaker
{
    /// <summary>Writes a JPEG no larger than <paramref name="maxSide"/> on its longer side, turned upright.</summary>
    /// <param name="image">The image from its start, seekable.</param>
    /// <param name="contentType">The image's type, one of <see cref="ChatFileTypes.ShownInline"/>.</param>
    /// <param name="maxSide">The longest side of the thumbnail, in pixels.</param>
    /// <param name="thumbnail">Where to write the JPEG.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether a thumbnail was written; <see langword="false"/> for an image that cannot be decoded.</returns>
    ValueTask<bool> MakeThumbnailAsync(Stream image, string contentType, int maxSide, Stream thumbnail, CancellationToken cancellationToken);
}
