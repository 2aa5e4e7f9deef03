using System.Net;
using System.Net.Http.Headers;
using System.Text;
using BstChat.AspNetCore.Tests.Infrastructure;
using BstChat.Files;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static BstChat.AspNetCore.Tests.Infrastructure.ChatSeed;

namespace BstChat.AspNetCore.Tests;

/// <summary>The upload rules: each refusal is a problem code, and leaves nothing stored.</summary>
public abstract partial class ChatApiTests
{
    [Fact]
    public async Task A_50_MB_upload_is_refused_413_from_its_declared_length_before_any_of_its_body_is_sent()
    {
        var host = await StartHostAsync();
        // The client holds the body back until the server asks for it (100 Continue); a far-away timeout means it never gives up waiting.
        using var handler = new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromMinutes(10) };
        using var client = new HttpClient(handler) { BaseAddress = host.BaseAddress };
        client.DefaultRequestHeaders.Add(TestUserAuthentication.Header, Ben.Id);
        var body = new CountingContent(50L * 1024 * 1024, "multipart/form-data; boundary=b");
        using var request = new HttpRequestMessage(HttpMethod.Post, FileHttp.FilesPath(Lesson)) { Content = body };
        request.Headers.ExpectContinue = true;

        using var response = await client.SendAsync(request, Cancellation);

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, ChatErrorCodes.FileTooLarge);
        Assert.Equal(0, body.Sent);
        Assert.Empty(await FilesOfAsync(host, Lesson));
    }

    [Fact]
    public async Task An_upload_without_a_declared_length_is_cut_413_at_the_size_limit_and_nothing_is_kept()
    {
        var host = await StartHostAsync(o => o.Files.MaxFileBytes = 64 * 1024);
        var ben = host.CreateClient(Ben.Id);
        var content = Encoding.ASCII.GetBytes("%PDF-1.7\n").Concat(new byte[(64 * 1024) + 1]).ToArray();
        var multipart = TestFiles.Upload(content, "big.pdf");
        var bytes = await multipart.ReadAsByteArrayAsync(Cancellation);

        var chunked = new ChunkedContent(bytes, "multipart/form-data");
        chunked.Headers.ContentType = multipart.Headers.ContentType;
        using var response = await ben.PostFileAsync(Lesson, chunked);

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, ChatErrorCodes.FileTooLarge);
        Assert.Empty(await FilesOfAsync(host, Lesson));
        Assert.Equal(0, StoredContentCount(host));
        Assert.Equal(0, StagedCount(host));
    }

    [Fact]
    public async Task A_truncated_upload_is_400_invalid_multipart_and_nothing_is_kept()
    {
        var host = await StartHostAsync();
        var head = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"w.pdf\"\r\nContent-Type: application/pdf\r\n\r\n";
        var cut = Encoding.ASCII.GetBytes(head).Concat(TestFiles.Pdf()).ToArray();
        using var body = new ByteArrayContent(cut);
        body.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");

        using var response = await host.CreateClient(Ben.Id).PostFileAsync(Lesson, body);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, ChatErrorCodes.InvalidMultipart);
        Assert.Empty(await FilesOfAsync(host, Lesson));
        Assert.Equal(0, StoredContentCount(host));
        Assert.Equal(0, StagedCount(host));
    }

    [Fact]
    public async Task What_is_not_an_upload_of_one_non_empty_file_is_refused_with_its_own_code()
    {
        var host = await StartHostAsync();
        var ben = host.CreateClient(Ben.Id);

        using (var json = await ben.PostFileAsync(Lesson, new StringContent("{}", Encoding.UTF8, "application/json")))
        {
            await json.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, ChatErrorCodes.UnsupportedMediaType);
        }

        var noBoundary = new ByteArrayContent(TestFiles.Pdf());
        noBoundary.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data");
        using (var refused = await ben.PostFileAsync(Lesson, noBoundary))
        {
            await refused.AssertProblemAsync(HttpStatusCode.BadRequest, ChatErrorCodes.InvalidMultipart);
        }

        using (var fieldsOnly = await ben.PostFileAsync(Lesson, new MultipartFormDataContent { { new StringContent("hello"), "note" } }))
        {
            await fieldsOnly.AssertProblemAsync(HttpStatusCode.BadRequest, ChatErrorCodes.InvalidMultipart);
        }

        using (var empty = await ben.PostFileAsync(Lesson, TestFiles.Upload([], "nothing.txt")))
        {
            await empty.AssertProblemAsync(HttpStatusCode.BadRequest, ChatErrorCodes.EmptyFile);
        }

        using (var unknown = await ben.PostFileAsync(Lesson, TestFiles.Upload(TestFiles.Random(4096), "data.bin")))
        {
            await unknown.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, ChatErrorCodes.FileTypeNotAllowed);
        }

        using var crossSite = new HttpRequestMessage(HttpMethod.Post, FileHttp.FilesPath(Lesson)) { Content = TestFiles.Upload(TestFiles.Pdf(), "w.pdf") };
        crossSite.Headers.Add("Sec-Fetch-Site", "cross-site");
        using (var refused = await ben.SendAsync(crossSite, Cancellation))
        {
            await refused.AssertProblemAsync(HttpStatusCode.Forbidden, ChatErrorCodes.NotAllowed);
        }

        Assert.Empty(await FilesOfAsync(host, Lesson));
        Assert.Equal(0, StoredContentCount(host));
    }

    [Fact]
    public async Task Uploads_past_the_allowance_are_429_with_Retry_After_and_a_refused_upload_spends_none()
    {
        var host = await StartHostAsync(o => o.Files.UploadRate = new TokenBucketLimit { Burst = 1, PerMinute = 1 });
        var ben = host.CreateClient(Ben.Id);

        using (var refused = await ben.PostFileAsync(Lesson, TestFiles.Upload(TestFiles.Html(), "x.png")))
        {
            await refused.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, ChatErrorCodes.FileTypeNotAllowed);
        }

        _ = await ben.UploadAsync(Lesson, TestFiles.Pdf(), "first.pdf");
        using var limited = await ben.PostFileAsync(Lesson, TestFiles.Upload(TestFiles.Pdf(), "second.pdf"));
        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests, ChatErrorCodes.TooManyUploads);
        Assert.NotNull(limited.Headers.RetryAfter);
        Assert.Single(await FilesOfAsync(host, Lesson));
        // Another user's allowance is their own.
        _ = await host.CreateClient(Anna.Id).UploadAsync(Lesson, TestFiles.Pdf(), "annas.pdf");
    }

    [Fact]
    public async Task An_upload_over_the_users_quota_is_403_and_stores_nothing()
    {
        var pdf = TestFiles.Pdf();
        var perUser = await StartHostAsync(o => (o.Files.MaxFileBytes, o.Files.MaxBytesPerUser) = (pdf.Length, (2 * pdf.Length) - 1));
        var ben = perUser.CreateClient(Ben.Id);
        _ = await ben.UploadAsync(Lesson, pdf, "1.pdf");
        using (var refused = await ben.PostFileAsync(AnnaBen, TestFiles.Upload(pdf, "2.pdf")))
        {
            await refused.AssertProblemAsync(HttpStatusCode.Forbidden, ChatErrorCodes.FileQuotaExceeded);
        }

        Assert.Empty(await FilesOfAsync(perUser, AnnaBen));
    }

    [Fact]
    public async Task An_upload_over_the_conversations_quota_is_403_and_other_conversations_still_take_files()
    {
        var pdf = TestFiles.Pdf();
        var perConversation = await StartHostAsync(o => (o.Files.MaxFileBytes, o.Files.MaxBytesPerConversation) = (pdf.Length, (2 * pdf.Length) - 1));
        _ = await perConversation.CreateClient(Anna.Id).UploadAsync(Lesson, pdf, "1.pdf");
        using (var refused = await perConversation.CreateClient(Ben.Id).PostFileAsync(Lesson, TestFiles.Upload(pdf, "2.pdf")))
        {
            await refused.AssertProblemAsync(HttpStatusCode.Forbidden, ChatErrorCodes.FileQuotaExceeded);
        }

        Assert.Single(await FilesOfAsync(perConversation, Lesson));
        _ = await perConversation.CreateClient(Ben.Id).UploadAsync(AnnaBen, pdf, "elsewhere.pdf");
    }

    [Fact]
    public async Task A_file_the_hosts_scanner_refuses_is_422_with_its_reason_and_is_not_kept()
    {
        var host = await StartHostAsync(configureServices: s => s.AddSingleton<IChatFileScanner>(new RefusingScanner("EICAR-TEST")));
        var ben = host.CreateClient(Ben.Id);

        using var refused = await ben.PostFileAsync(Lesson, TestFiles.Upload(Encoding.ASCII.GetBytes("hello EICAR-TEST file"), "notes.txt"));

        await refused.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, ChatErrorCodes.FileRefused);
        Assert.Contains("notes.txt looks like malware", await refused.Content.ReadAsStringAsync(Cancellation));
        Assert.Empty(await FilesOfAsync(host, Lesson));
        Assert.Equal(0, StoredContentCount(host));
        _ = await ben.UploadAsync(Lesson, Encoding.ASCII.GetBytes("hello clean file"), "notes.txt");
    }

    [Fact]
    public async Task A_thumbnail_is_read_under_the_same_rules_as_its_image()
    {
        var host = await StartHostAsync(configureServices: s => s.AddSingleton<IChatThumbnailMaker, TestThumbnails>());
        var ben = host.CreateClient(Ben.Id);
        var anna = host.CreateClient(Anna.Id);
        var png = TestFiles.Png(64, 48);
        var file = await ben.UploadAsync(Lesson, png, "board.png");
        Assert.Equal($"{file.Url}/thumbnail", file.ThumbnailUrl);
        var thumbnailUrl = file.ThumbnailUrl!;

        using (var early = await anna.GetFileAsync(thumbnailUrl))
        {
            await early.AssertProblemAsync(HttpStatusCode.NotFound, ChatErrorCodes.FileNotFound);
        }

        _ = await ben.SendFilesAsync(Lesson, "", file.FileId);
        using var thumbnail = await anna.GetFileAsync(thumbnailUrl);
        Assert.Equal(HttpStatusCode.OK, thumbnail.StatusCode);
        Assert.Equal(TestThumbnails.For(png), await thumbnail.Content.ReadAsByteArrayAsync(Cancellation));
        Assert.Equal("image/jpeg", thumbnail.Content.Headers.ContentType?.MediaType);
        Assert.Equal("inline", thumbnail.Content.Headers.ContentDisposition?.DispositionType);

        var pdf = await ben.UploadAsync(Lesson, TestFiles.Pdf(), "w.pdf");
        Assert.Null(pdf.ThumbnailUrl);
        using var none = await ben.GetFileAsync($"{pdf.Url}/thumbnail");
        await none.AssertProblemAsync(HttpStatusCode.NotFound, ChatErrorCodes.FileNotFound);
    }

    [Fact]
    public async Task An_upload_left_unattached_past_its_lifetime_is_deleted_and_an_attached_one_stays()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var host = await StartHostAsync(
            o => (o.Files.UnattachedLifetime, o.Files.SweepInterval) = (TimeSpan.FromHours(1), TimeSpan.FromMinutes(5)),
            s => s.AddSingleton<TimeProvider>(clock));
        var ben = host.CreateClient(Ben.Id);
        var left = await ben.UploadAsync(Lesson, TestFiles.Pdf(), "left.pdf");
        var kept = await ben.UploadAsync(Lesson, TestFiles.Pdf(), "kept.pdf");
        _ = await ben.SendFilesAsync(Lesson, "", kept.FileId);

        clock.Advance(TimeSpan.FromMinutes(61));
        await ChatTestHost.WaitUntilAsync(async () => (await FilesOfAsync(host, Lesson)).Count == 1);

        using (var gone = await ben.GetFileAsync(left.Url))
        {
            await gone.AssertProblemAsync(HttpStatusCode.NotFound, ChatErrorCodes.FileNotFound);
        }

        using var stays = await host.CreateClient(Anna.Id).GetFileAsync(kept.Url);
        Assert.Equal(HttpStatusCode.OK, stays.StatusCode);
        // The sweep after the one that deleted its record deletes its content.
        clock.Advance(TimeSpan.FromMinutes(5));
        await ChatTestHost.WaitUntilAsync(() => Task.FromResult(StoredContentCount(host) == 1));
    }
}
