using BstChat.Files;
using BstChat.Thumbnails.Skia.Imaging;
using BstChat.Thumbnails.Skia.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace BstChat.Thumbnails.Skia.Tests;

/// <summary><c>AddSkiaThumbnails()</c> in a host: an uploaded photo gets its thumbnail through the file service.</summary>
public sealed class SkiaThumbnailsRegistrationTests : IDisposable
{
    private const string Lesson = "lesson-1";
    private const string Ben = "ben";

    private readonly DirectoryInfo _files = Directory.CreateTempSubdirectory("bstchat-skia-tests-");

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public void Dispose() => _files.Delete(recursive: true);

    [Fact]
    public void AddSkiaThumbnails_registers_the_Skia_maker_in_place_of_any_other()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IChatThumbnailMaker, NoThumbnails>();
        services.AddBstChat().AddInMemoryStore().AddSkiaThumbnails();
        using var provider = services.BuildServiceProvider();

        Assert.IsType<SkiaThumbnailMaker>(provider.GetRequiredService<IChatThumbnailMaker>());
        Assert.Single(services, d => d.ServiceType == typeof(IChatThumbnailMaker));
    }

    [Fact]
    public async Task An_uploaded_photo_gets_an_upright_thumbnail_of_the_configured_size()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddBstChat(o => o.Files.ThumbnailSize = 200).AddInMemoryStore().AddFileSystemFileStore(_files.FullName).AddSkiaThumbnails();
        await using var provider = services.BuildServiceProvider();
        var chat = provider.GetRequiredService<IChatService>();
        await chat.CreateConversationAsync(Lesson, "Lesson 1", Cancellation);
        await chat.AddMemberAsync(Lesson, new ChatUser(Ben, "Ben"), MemberRole.Member, Cancellation);
        var files = provider.GetRequiredService<IChatFiles>();
        var photo = TestImages.WithExifOrientation(TestImages.Halves(800, 400, SKEncodedImageFormat.Jpeg), 6);

        var file = await files.UploadAsync(Lesson, Ben, "photo.jpg", new MemoryStream(photo), Cancellation);

        Assert.True(file.HasThumbnail);
        var download = await files.OpenAsync(Lesson, file.Id, Ben, thumbnail: true, Cancellation);
        await using var content = download.Content;
        using var bytes = new MemoryStream();
        await content.CopyToAsync(bytes, Cancellation);
        using var thumbnail = Decoded.From(bytes.ToArray());
        Assert.Equal("image/jpeg", download.ContentType);
        Assert.Equal((100, 200), (thumbnail.Width, thumbnail.Height));
        ColorAssert.Near(TestImages.Red, thumbnail[50, 40], "the upright top");
    }

    [Fact]
    public async Task An_upload_whose_image_data_does_not_decode_is_kept_without_a_thumbnail()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddBstChat().AddInMemoryStore().AddFileSystemFileStore(_files.FullName).AddSkiaThumbnails();
        await using var provider = services.BuildServiceProvider();
        var chat = provider.GetRequiredService<IChatService>();
        await chat.CreateConversationAsync(Lesson, "Lesson 1", Cancellation);
        await chat.AddMemberAsync(Lesson, new ChatUser(Ben, "Ben"), MemberRole.Member, Cancellation);
        var png = TestImages.Halves(300, 300, SKEncodedImageFormat.Png);
        // Every chunk where it belongs (so the upload's metadata pass follows it), the pixel data garbage: a PNG that does not decode.
        var idat = png.AsSpan().IndexOf("IDAT"u8);
        var length = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(idat - 4));
        png.AsSpan(idat + 4, length).Fill(0x5A);

        var file = await provider.GetRequiredService<IChatFiles>().UploadAsync(Lesson, Ben, "broken.png", new MemoryStream(png), Cancellation);

        Assert.False(file.HasThumbnail);
    }

    private sealed class NoThumbnails : IChatThumbnailMaker
    {
        public ValueTask<bool> MakeThumbnailAsync(Stream image, string contentType, int maxSide, Stream thumbnail, CancellationToken cancellationToken) =>
            ValueTask.FromResult(false);
    }
}
