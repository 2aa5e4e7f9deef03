using BstChat;
using BstChat.Files;
using BstChat.Thumbnails.Skia.Imaging;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds thumbnails of uploaded images, made with SkiaSharp.</summary>
public static class SkiaThumbnailsBuilderExtensions
{
    /// <summary>
    /// Makes a JPEG thumbnail of every uploaded PNG, JPEG, GIF and WebP image, no larger than
    /// <c>BstChatOptions.Files.ThumbnailSize</c> on its longer side and turned upright by its
    /// EXIF orientation. Images that cannot be decoded, and images declaring more than 50
    /// megapixels, are kept without a thumbnail. Replaces any thumbnail maker registered before.
    /// </summary>
    /// <param name="builder">The builder from <c>AddBstChat()</c>.</param>
    /// <returns>The builder.</returns>
    public static BstChatBuilder AddSkiaThumbnails(this BstChatBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IChatThumbnailMaker>(
            services => new SkiaThumbnailMaker(services.GetRequiredService<ILogger<SkiaThumbnailMaker>>())));
        return builder;
    }
}
