using System.Net;
using BstChat.AspNetCore.Tests.Infrastructure;
using BstChat.Testing.Images;
using static BstChat.AspNetCore.Tests.Infrastructure.ChatSeed;

namespace BstChat.AspNetCore.Tests;

/// <summary>Photos uploaded to chat: their size told, their metadata (where and by whom) gone unless the host keeps it.</summary>
public abstract partial class ChatApiTests
{
    [Fact]
    public async Task A_photo_is_stored_without_its_location_and_camera_upright_and_with_its_size_as_shown()
    {
        var host = await StartHostAsync();
        var ben = host.CreateClient(Ben.Id);
        var photo = TestImages.Jpeg(400, 200, orientation: 6);

        var file = await ben.UploadAsync(Lesson, photo, "homework.jpg", "image/jpeg");

        Assert.Equal(("image/jpeg", 200, 400), (file.ContentType, file.Width, file.Height));
        using var read = await ben.GetFileAsync(file.Url);
        var stored = await read.Content.ReadAsByteArrayAsync(Cancellation);
        Assert.Equal(stored.Length, file.Size);
        Assert.False(TestImages.Contains(stored, TestImages.JpegSecret));
        Assert.False(TestImages.Contains(stored, TestImages.JpegComment));
        Assert.True(TestImages.Contains(stored, "Exif"));
        Assert.Equal(TestImages.JpegScan, stored[^TestImages.JpegScan.Length..]);
        Assert.Equal(ContentTag(stored), read.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task A_host_that_turns_stripping_off_stores_the_photo_as_received_and_still_tells_its_size()
    {
        var host = await StartHostAsync(o => o.Files.StripImageMetadata = false);
        var ben = host.CreateClient(Ben.Id);
        var photo = TestImages.Jpeg(400, 200, orientation: 6);

        var file = await ben.UploadAsync(Lesson, photo, "homework.jpg");

        Assert.Equal((photo.Length, 200, 400), ((int)file.Size, file.Width, file.Height));
        using var read = await ben.GetFileAsync(file.Url);
        Assert.Equal(photo, await read.Content.ReadAsByteArrayAsync(Cancellation));
        Assert.Equal(ContentTag(photo), read.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task An_image_that_cannot_be_followed_is_422_invalid_image_and_nothing_is_kept()
    {
        var host = await StartHostAsync();
        var ben = host.CreateClient(Ben.Id);

        using var refused = await ben.PostFileAsync(Lesson, TestFiles.Upload(TestImages.Jpeg(400, 200)[..^20], "cut.jpg"));

        await refused.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, ChatErrorCodes.InvalidImage);
        Assert.Empty(await FilesOfAsync(host, Lesson));
        Assert.Equal(0, StoredContentCount(host));
        Assert.Empty(Directory.EnumerateFiles(host.StagingDirectory));
    }

    /// <summary>The ETag of a file: the SHA-256 of the content as stored.</summary>
    private static string ContentTag(byte[] content) => $"\"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content))}\"";
}
