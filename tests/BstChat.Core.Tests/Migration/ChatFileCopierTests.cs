using System.Text;
using BstChat.Migration;
using BstChat.Storage;
using BstChat.Storage.FileSystem;
using BstChat.Storage.InMemory;
using Xunit;

namespace BstChat.Core.Tests.Migration;

/// <summary>Files copied between two deployments (in-memory records, content in real directories): content first, records last, nothing twice.</summary>
public sealed class ChatFileCopierTests : IDisposable
{
    private static readonly DateTimeOffset At = new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.Zero).AddTicks(1234);

    private readonly InMemoryMessageStore _source = new();
    private readonly InMemoryMessageStore _target = new();
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"bstchat-file-copy-{Guid.NewGuid():N}");
    private readonly FileSystemChatFileStore _sourceContent;
    private readonly FileSystemChatFileStore _targetContent;

    public ChatFileCopierTests()
    {
        _sourceContent = new FileSystemChatFileStore(Path.Combine(_root, "source"));
        _targetContent = new FileSystemChatFileStore(Path.Combine(_root, "target"));
    }

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_copy_carries_each_readable_file_with_its_content_and_thumbnail_and_leaves_out_uploads_in_progress_and_lost_content()
    {
        await FillAsync();

        var result = await Copier().CopyAsync(Cancellation);

        Assert.Equal((2L, 2L, 3L), (result.Files, result.FilesWritten, result.ContentWritten));
        Assert.Equal(1, result.StillUploading);
        Assert.Equal(["file f-lost in lesson-2"], result.ContentMissing);
        Assert.Equal(await _source.GetConversationFilesAsync("lesson-1", Cancellation), await _target.GetConversationFilesAsync("lesson-1", Cancellation));
        Assert.Equal(["f-ready"], (await _target.GetConversationFilesAsync("lesson-2", Cancellation)).Select(f => f.Id));
        Assert.Equal("the photo", await ReadAsync(_targetContent, "f-photo"));
        Assert.Equal("its thumbnail", await ReadAsync(_targetContent, "f-photo-thumbnail"));
        Assert.Null(await _targetContent.OpenReadAsync("f-uploading", Cancellation));
        Assert.Empty(await Copier().VerifyAsync(Cancellation));
    }

    [Fact]
    public async Task Copying_again_writes_nothing()
    {
        await FillAsync();
        await Copier().CopyAsync(Cancellation);
        var written = File.GetLastWriteTimeUtc(Path.Combine(_root, "target", "f-photo"));

        var again = await Copier().CopyAsync(Cancellation);

        Assert.Equal((2L, 0L, 0L), (again.Files, again.FilesWritten, again.ContentWritten));
        Assert.Equal(written, File.GetLastWriteTimeUtc(Path.Combine(_root, "target", "f-photo")));
    }

    [Fact]
    public async Task A_run_cut_off_after_a_content_and_before_its_record_adds_the_record_without_writing_the_content_again()
    {
        await FillAsync();
        await WriteAsync(_targetContent, "f-photo", "the photo");
        await WriteAsync(_targetContent, "f-photo-thumbnail", "its thumbnail");

        var resumed = await Copier().CopyAsync(Cancellation);

        Assert.Equal((2L, 1L), (resumed.FilesWritten, resumed.ContentWritten));
        Assert.Empty(await Copier().VerifyAsync(Cancellation));
    }

    [Fact]
    public async Task A_file_the_source_moved_on_after_a_first_run_is_copied_again_in_its_new_state()
    {
        await FillAsync();
        await Copier().CopyAsync(Cancellation);
        Assert.True(await _source.SetFileStateAsync("lesson-2", "f-ready", ChatFileState.Ready, ChatFileState.Claimed, At.AddMinutes(5), Cancellation));

        var again = await Copier().CopyAsync(Cancellation);

        Assert.Equal((1L, 0L), (again.FilesWritten, again.ContentWritten));
        Assert.Equal(ChatFileState.Claimed, (await _target.FindFileAsync("lesson-2", "f-ready", Cancellation))!.State);
        Assert.Empty(await Copier().VerifyAsync(Cancellation));
    }

    [Fact]
    public async Task Two_deployments_sharing_one_file_directory_copy_only_the_records()
    {
        await FillAsync();

        var result = await new ChatFileCopier(_source, new(_source, _sourceContent), new(_target, _sourceContent)).CopyAsync(Cancellation);

        Assert.Equal((2L, 0L), (result.FilesWritten, result.ContentWritten));
        Assert.Equal("the photo", await ReadAsync(_sourceContent, "f-photo"));
    }

    [Fact]
    public async Task Verification_names_a_missing_record_and_a_content_that_differs()
    {
        await FillAsync();
        await Copier().CopyAsync(Cancellation);
        await WriteAsync(_targetContent, "f-photo-thumbnail", "another thumbnail");
        Assert.True(await _target.SetFileStateAsync("lesson-2", "f-ready", ChatFileState.Ready, ChatFileState.Deleted, At, Cancellation));
        Assert.True(await _target.RemoveFileAsync("lesson-2", "f-ready", Cancellation));

        var differences = await Copier().VerifyAsync(Cancellation);

        Assert.Equal(
            ["file f-photo in lesson-1: the content under f-photo-thumbnail differs", "file f-ready in lesson-2: the record is missing"],
            differences);
    }

    [Fact]
    public void A_record_a_store_kept_to_the_millisecond_is_the_same_record_and_one_a_millisecond_off_or_with_another_field_is_not()
    {
        var file = Record("f", "lesson-1", ChatFileState.Attached);

        Assert.True(CopiedFileRecord.Matches(file with { CreatedAt = At.AddTicks(-1234) }, file));
        Assert.False(CopiedFileRecord.Matches(file with { StateChangedAt = At.AddMilliseconds(1) }, file));
        Assert.False(CopiedFileRecord.Matches(file with { Name = "other.png" }, file));
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private ChatFileCopier Copier() => new(_source, new(_source, _sourceContent), new(_target, _targetContent), pageSize: 1);

    /// <summary>Two conversations: an attached photo with a thumbnail; a ready upload, one still uploading, and one whose content is gone.</summary>
    private async Task FillAsync()
    {
        foreach (var id in new[] { "lesson-1", "lesson-2" })
        {
            await _source.CreateConversationAsync(new Conversation { Id = id, Title = id, CreatedAt = At, LastChangeAt = At }, Cancellation);
        }

        await _source.AddFileAsync(Record("f-photo", "lesson-1", ChatFileState.Attached) with { HasThumbnail = true, MessageId = "m1", Width = 4, Height = 3 }, Cancellation);
        await WriteAsync(_sourceContent, "f-photo", "the photo");
        await WriteAsync(_sourceContent, "f-photo-thumbnail", "its thumbnail");
        await _source.AddFileAsync(Record("f-ready", "lesson-2", ChatFileState.Ready), Cancellation);
        await WriteAsync(_sourceContent, "f-ready", "a worksheet");
        await _source.AddFileAsync(Record("f-uploading", "lesson-2", ChatFileState.Uploading), Cancellation);
        await WriteAsync(_sourceContent, "f-uploading", "half a");
        await _source.AddFileAsync(Record("f-lost", "lesson-2", ChatFileState.Attached) with { MessageId = "m2" }, Cancellation);
    }

    private static ChatFile Record(string id, string conversationId, ChatFileState state) => new()
    {
        Id = id,
        ConversationId = conversationId,
        UploaderId = "ben",
        Name = $"{id}.png",
        ContentType = ChatFileTypes.Png,
        Size = 9,
        ContentHash = new string('0', 64),
        CreatedAt = At,
        State = state,
        StateChangedAt = At,
    };

    private static async Task WriteAsync(FileSystemChatFileStore store, string key, string text)
    {
        using var content = new MemoryStream(Encoding.UTF8.GetBytes(text));
        await store.WriteAsync(key, content, Cancellation);
    }

    private static async Task<string> ReadAsync(FileSystemChatFileStore store, string key)
    {
        await using var content = await store.OpenReadAsync(key, Cancellation);
        using var reader = new StreamReader(content!);
        return await reader.ReadToEndAsync(Cancellation);
    }
}
