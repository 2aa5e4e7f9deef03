using BstChat.Files;

namespace BstChat.AspNetCore.Tests.Infrastructure;

/// <summary>
/// A thumbnail maker for the HTTP suite, which tests the thumbnail's route and rules, not the
/// imaging (see BstChat.Thumbnails.Skia.Tests): each thumbnail is <see cref="Marker"/> followed
/// by the image's length, so a test can tell it from the image and from another image's.
/// </summary>
public sealed class TestThumbnails : IChatThumbnailMaker
{
    /// <summary>A JPEG's opening, so the thumbnail's bytes start as a JPEG's do.</summary>
    public static readonly byte[] Marker = [0xFF, 0xD8, 0xFF, 0xE0];

    public static byte[] For(byte[] image) => [.. Marker, .. BitConverter.GetBytes((long)image.Length)];

    public async ValueTask<bool> MakeThumbnailAsync(Stream image, string contentType, int maxSide, Stream thumbnail, CancellationToken cancellationToken)
    {
        await thumbnail.WriteAsync(Marker, cancellationToken);
        await thumbnail.WriteAsync(BitConverter.GetBytes(image.Length), cancellationToken);
        return true;
    }
}
