namespace BstChat.Files.Images;

/// <summary>What an image says of itself: its size as shown, after its orientation is applied.</summary>
/// <param name="Width">Pixels across as shown.</param>
/// <param name="Height">Pixels down as shown.</param>
internal readonly record struct ImageInfo(int Width, int Height)
{
    /// <summary>The size shown for a stored size and an EXIF orientation: 5 to 8 turn the image a quarter.</summary>
    public static ImageInfo Oriented(int width, int height, int orientation) =>
        orientation is >= 5 and <= 8 ? new(height, width) : new(width, height);
}
