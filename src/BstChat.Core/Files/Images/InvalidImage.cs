namespace BstChat.Files.Images;

/// <summary>An image whose structure cannot be followed, so its metadata cannot be known to be gone.</summary>
internal static class InvalidImage
{
    public static ChatException Because(string why) =>
        new(ChatErrorKind.Unprocessable, ChatErrorCodes.InvalidImage, $"This image cannot be read ({why}); it was not stored.");
}
