using System.Net;
using System.Net.Http.Headers;
using BstChat.AspNetCore.Tests.Infrastructure;
using BstChat.Storage;
using Microsoft.Extensions.DependencyInjection;
using static BstChat.AspNetCore.Tests.Infrastructure.ChatSeed;

namespace BstChat.AspNetCore.Tests;

/// <summary>Files in chat: uploaded, attached to a message, read by the members, and by nobody else.</summary>
public abstract partial class ChatApiTests
{
    [Fact]
    public async Task An_uploaded_image_is_the_uploaders_alone_until_a_message_carries_it_then_every_member_reads_it()
    {
        var host = await StartHostAsync();
        var ben = host.CreateClient(Ben.Id);
        var anna = host.CreateClient(Anna.Id);
        var png = TestFiles.Png(40, 30);

        using var body = TestFiles.Upload(png, "homework.png", "image/png");
        using var uploaded = await ben.PostFileAsync(Lesson, body);
        var file = await uploaded.ReadAsync<ApiFile>(HttpStatusCode.Created);
        Assert.Matches("^[0-9a-f]{32}$", file.FileId);
        Assert.Equal(("homework.png", "image/png", (long)png.Length), (file.Name, file.ContentType, file.Size));
        Assert.Equal($"/chat/conversations/{Lesson}/files/{file.FileId}", file.Url);
        Assert.Equal(file.Url, uploaded.Headers.Location?.OriginalString);

        using (var before = await anna.GetFileAsync(file.Url))
        {
            await before.AssertProblemAsync(HttpStatusCode.NotFound, ChatErrorCodes.FileNotFound);
        }

        using (var own = await ben.GetFileAsync(file.Url))
        {
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
            Assert.Equal(png, await own.Content.ReadAsByteArrayAsync(Cancellation));
        }

        var userCursor = (await anna.GetUserChangesAsync(wait: 0)).Cursor;
        var conversationCursor = (await anna.GetChangesAsync(Lesson, wait: 0)).Cursor;
        var message = await ben.SendFilesAsync(Lesson, "page 12", file.FileId);
        Assert.Equal([file], message.Attachments);

        var history = await (await anna.GetAsync(ChatHttp.MessagesPath(Lesson), Cancellation)).ReadAsync<ApiHistoryFiles>(HttpStatusCode.OK);
        Assert.Equal([file], history.Messages.Single(m => m.Id == message.Id).Attachments);
        Assert.Equal([file], (await FeedMessageAsync(c => anna.RequestChangesAsync(Lesson, c, wait: 30), conversationCursor, message.Id)).Attachments);
        Assert.Equal([file], (await FeedMessageAsync(c => anna.RequestUserChangesAsync(c, wait: 30), userCursor, message.Id)).Attachments);

        using var read = await anna.GetFileAsync(file.Url);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(png, await read.Content.ReadAsByteArrayAsync(Cancellation));
        Assert.Equal("image/png", read.Content.Headers.ContentType?.MediaType);
        Assert.Equal("inline", read.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("homework.png", read.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("nosniff", read.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("default-src 'none'; sandbox", read.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal((true, true, false), (read.Headers.CacheControl!.Private, read.Headers.CacheControl.NoCache, read.Headers.CacheControl.NoStore));
        Assert.NotNull(read.Headers.ETag);
    }

    [Fact]
    public async Task A_file_is_not_found_for_a_non_member_nor_under_another_conversation_and_an_upload_by_a_non_member_stores_nothing()
    {
        var host = await StartHostAsync();
        var ben = host.CreateClient(Ben.Id);
        var file = await ben.UploadAsync(AnnaBen, TestFiles.Pdf(), "worksheet.pdf");
        _ = await ben.SendFilesAsync(AnnaBen, "", file.FileId);

        var chloe = host.CreateClient(Chloe.Id);
        using (var outsider = await chloe.GetFileAsync(file.Url))
        {
            await outsider.AssertProblemAsync(HttpStatusCode.NotFound, ChatErrorCodes.ConversationNotFound);
        }

        using (var elsewhere = await ben.GetFileAsync($"{FileHttp.FilesPath(Lesson)}/{file.FileId}"))
        {
            await elsewhere.AssertProblemAsync(HttpStatusCode.NotFound, ChatErrorCodes.FileNotFound);
        }

        using (var noSuchConversation = await ben.GetFileAsync($"{FileHttp.FilesPath("no-such")}/{file.FileId}"))
        {
            await noSuchConversation.AssertProblemAsync(HttpStatusCode.NotFound, ChatErrorCodes.ConversationNotFound);
        }

        using (var badId = await ben.GetFileAsync($"{FileHttp.FilesPath(AnnaBen)}/not-an-id"))
        {
            await badId.AssertProblemAsync(HttpStatusCode.BadRequest, ChatErrorCodes.InvalidFileId);
        }

        using var body = TestFiles.Upload(TestFiles.Pdf(), "mine.pdf");
        using var upload = await chloe.PostFileAsync(AnnaBen, body);
        await upload.AssertProblemAsync(HttpStatusCode.NotFound, ChatErrorCodes.ConversationNotFound);
        Assert.Equal([file.FileId], (await FilesOfAsync(host, AnnaBen)).Select(f => f.Id));
    }

    [Fact]
    public async Task A_file_other_than_a_safe_image_is_saved_not_shown_and_its_type_comes_from_its_content_not_its_name()
    {
        var host = await StartHostAsync();
        var ben = host.CreateClient(Ben.Id);
        var file = await ben.UploadAsync(Lesson, TestFiles.Pdf(), "photo.png", "image/png");
        Assert.Equal(("photo.png.pdf", "application/pdf"), (file.Name, file.ContentType));
        _ = await ben.SendFilesAsync(Lesson, "", file.FileId);

        using var read = await host.CreateClient(Anna.Id).GetFileAsync(file.Url);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("application/pdf", read.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", read.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("photo.png.pdf", read.Content.Headers.ContentDisposition?.FileNameStar);
    }

    [Fact]
    public async Task An_html_page_renamed_png_is_refused_by_default_and_where_a_host_allows_markup_it_is_only_ever_saved_in_a_sandbox()
    {
        var strict = await StartHostAsync();
        using (var body = TestFiles.Upload(TestFiles.Html(), "cat.png", "image/png"))
        using (var refused = await strict.CreateClient(Ben.Id).PostFileAsync(Lesson, body))
        {
            await refused.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, ChatErrorCodes.FileTypeNotAllowed);
        }

        Assert.Empty(await FilesOfAsync(strict, Lesson));

        var lenient = await StartHostAsync(o => o.Files.AllowedContentTypes.Add(ChatFileTypes.Html));
        var ben = lenient.CreateClient(Ben.Id);
        var file = await ben.UploadAsync(Lesson, TestFiles.Html(), "cat.png", "image/png");
        Assert.Equal(("cat.png.html", ChatFileTypes.Html), (file.Name, file.ContentType));
        _ = await ben.SendFilesAsync(Lesson, "", file.FileId);
        using var read = await lenient.CreateClient(Anna.Id).GetFileAsync(file.Url);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("attachment", read.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("default-src 'none'; sandbox", read.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", read.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task A_file_is_read_in_ranges_and_an_unchanged_one_is_answered_304()
    {
        var host = await StartHostAsync();
        var ben = host.CreateClient(Ben.Id);
        var pdf = TestFiles.Pdf();
        var file = await ben.UploadAsync(Lesson, pdf, "w.pdf");

        using var ranged = new HttpRequestMessage(HttpMethod.Get, file.Url);
        ranged.Headers.Range = new RangeHeaderValue(5, 14);
        using var part = await ben.SendAsync(ranged, Cancellation);
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal(pdf[5..15], await part.Content.ReadAsByteArrayAsync(Cancellation));
        Assert.Equal($"bytes 5-14/{pdf.Length}", part.Content.Headers.ContentRange?.ToString());

        using var whole = await ben.GetFileAsync(file.Url);
        using var again = new HttpRequestMessage(HttpMethod.Get, file.Url);
        again.Headers.IfNoneMatch.Add(whole.Headers.ETag!);
        using var unchanged = await ben.SendAsync(again, Cancellation);
        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        Assert.Empty(await unchanged.Content.ReadAsByteArrayAsync(Cancellation));
    }

    [Fact]
    public async Task Deleting_a_message_takes_its_files_from_everyone_and_its_tombstone_carries_none()
    {
        var host = await StartHostAsync();
        var ben = host.CreateClient(Ben.Id);
        var file = await ben.UploadAsync(Lesson, TestFiles.Pdf(), "w.pdf");
        var message = await ben.SendFilesAsync(Lesson, "here", file.FileId);

        using (var deleted = await ben.DeleteMessageAsync(Lesson, message.Id))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        foreach (var user in new[] { Ben, Anna })
        {
            using var read = await host.CreateClient(user.Id).GetFileAsync(file.Url);
            await read.AssertProblemAsync(HttpStatusCode.NotFound, ChatErrorCodes.FileNotFound);
        }

        var history = await (await ben.GetAsync(ChatHttp.MessagesPath(Lesson), Cancellation)).ReadAsync<ApiHistoryFiles>(HttpStatusCode.OK);
        var tombstone = history.Messages.Single(m => m.Id == message.Id);
        Assert.NotNull(tombstone.DeletedAt);
        Assert.Empty(tombstone.Attachments);
    }

    [Fact]
    public async Task A_send_may_attach_only_the_senders_own_ready_files_of_that_conversation_up_to_the_limit()
    {
        var host = await StartHostAsync(o => o.Files.MaxAttachmentsPerMessage = 2);
        var ben = host.CreateClient(Ben.Id);
        var anna = host.CreateClient(Anna.Id);
        var annas = await anna.UploadAsync(Lesson, TestFiles.Pdf(), "a.pdf");
        var elsewhere = await ben.UploadAsync(AnnaBen, TestFiles.Pdf(), "b.pdf");
        var own = await ben.UploadAsync(Lesson, TestFiles.Pdf(), "c.pdf");
        var own2 = await ben.UploadAsync(Lesson, TestFiles.Pdf(), "d.pdf");

        using (var others = await ben.PostMessageWithFilesAsync(Lesson, "x", [annas.FileId]))
        {
            await others.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, ChatErrorCodes.InvalidAttachments);
        }

        using (var wrongConversation = await ben.PostMessageWithFilesAsync(Lesson, "x", [own.FileId, elsewhere.FileId]))
        {
            await wrongConversation.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, ChatErrorCodes.InvalidAttachments);
        }

        using (var tooMany = await ben.PostMessageWithFilesAsync(Lesson, "x", [own.FileId, own2.FileId, annas.FileId]))
        {
            await tooMany.AssertProblemAsync(HttpStatusCode.BadRequest, ChatErrorCodes.TooManyAttachments);
        }

        using (var badId = await ben.PostMessageWithFilesAsync(Lesson, "x", ["../etc/passwd"]))
        {
            await badId.AssertProblemAsync(HttpStatusCode.BadRequest, ChatErrorCodes.InvalidFileId);
        }

        Assert.Empty((await ben.GetHistoryAsync(Lesson)).Messages);
        // The refusals claimed nothing: the files are still free to attach, in the order given.
        var sent = await ben.SendFilesAsync(Lesson, "", own2.FileId, own.FileId);
        Assert.Equal([own2.FileId, own.FileId], sent.Attachments.Select(a => a.FileId));
    }

    /// <summary>Follows a feed from <paramref name="cursor"/> until it brings the message (an answer may carry other changes first).</summary>
    private static async Task<ApiMessageFiles> FeedMessageAsync(Func<string, Task<HttpResponseMessage>> request, string cursor, string messageId)
    {
        while (true)
        {
            var answer = await (await request(cursor)).ReadAsync<ApiChangesFiles>(HttpStatusCode.OK);
            if (answer.Messages.FirstOrDefault(m => m.Id == messageId) is { } message)
            {
                return message;
            }

            cursor = answer.Cursor;
        }
    }

    private static async Task<IReadOnlyList<ChatFile>> FilesOfAsync(ChatTestHost host, string conversationId) =>
        await host.Services.GetRequiredService<IChatFileCatalog>().GetConversationFilesAsync(conversationId, Cancellation);

    private static int StoredContentCount(ChatTestHost host)
    {
        var content = Path.Combine(host.FilesDirectory, "content");
        return Directory.Exists(content) ? Directory.EnumerateFiles(content, "*", SearchOption.AllDirectories).Count() : 0;
    }

    private static int StagedCount(ChatTestHost host) =>
        Directory.Exists(host.StagingDirectory) ? Directory.EnumerateFiles(host.StagingDirectory).Count() : 0;
}
