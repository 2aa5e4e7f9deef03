using System.Diagnostics;
using BstChat.AspNetCore.Tests.Infrastructure;
using BstChat.Files;
using BstChat.Storage;
using BstChat.Storage.EfCore;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BstChat.AspNetCore.Tests;

/// <summary>
/// The sample's <c>copy-store</c> command as an operator runs it: a real process that moves a
/// SQLite file to PostgreSQL, verifies the copy and exits, without starting the site.
/// </summary>
public sealed class CopyStoreCommandTests : IAsyncDisposable
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromMinutes(3);

    private readonly string _folder = Directory.CreateTempSubdirectory("bstchat-copy-").FullName;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private string SqliteConnectionString => $"Data Source={Path.Combine(_folder, "chat.db")}";

    private string SourceFiles => Path.Combine(_folder, "files");

    private string TargetFiles => Path.Combine(_folder, "copied-files");

    [Fact]
    public async Task Copy_store_moves_a_SQLite_file_to_PostgreSQL_with_its_files_verifies_it_and_the_feed_continues()
    {
        await using var database = await TemporaryPostgresDatabase.CreateAsync();
        await using var source = await OpenAsync(o => o.UseSqlite(SqliteConnectionString), createSchema: true, SourceFiles);
        var cursor = await FillAsync(source);
        var worksheet = await source.Files.UploadAsync("lesson-1", "ben", "worksheet.pdf", new MemoryStream(TestFiles.Pdf()), Cancellation);
        var carrier = await source.Chat.SendAsync("lesson-1", "ben", "", null, [worksheet.Id], Cancellation);
        string[] files = ["--files-from", SourceFiles, "--files-to", TargetFiles];

        var first = await RunSampleAsync(["copy-store", "--from", $"sqlite:{SqliteConnectionString}", "--to", $"Postgres:{database.ConnectionString}", .. files]);
        var second = await RunSampleAsync(["copy-store", "--from", $"SQLITE:{SqliteConnectionString}", "--to", $"postgres:{database.ConnectionString}", .. files]);

        Assert.True(first.ExitCode == 0, $"copy-store exited with {first.ExitCode}: {first.Error}");
        Assert.Contains("Verified: the target is identical to the source (9 messages).", first.Output, StringComparison.Ordinal);
        Assert.Contains("Copied 1 files (1 records and 1 contents written, the rest already there).", first.Output, StringComparison.Ordinal);
        Assert.Contains("Verified: the target holds every file as the source does (1 files).", first.Output, StringComparison.Ordinal);
        Assert.True(first.Output.Contains("Copying   [##############################] 100%  9/9 messages, 3/3 conversations", StringComparison.Ordinal), first.Output);
        Assert.DoesNotContain("Now listening", first.Output, StringComparison.Ordinal);
        Assert.True(second.ExitCode == 0, $"copy-store exited with {second.ExitCode}: {second.Error}");
        Assert.Contains("(0 messages written, the rest already there)", second.Output, StringComparison.Ordinal);
        Assert.Contains("Copied 1 files (0 records and 0 contents written, the rest already there).", second.Output, StringComparison.Ordinal);

        await using var target = await OpenAsync(o => o.UseNpgsql(database.ConnectionString), createSchema: false, TargetFiles);
        Assert.Equal(await ReadAllAsync(source.Export), await ReadAllAsync(target.Export));
        Assert.Equal([worksheet.Id], (await target.Chat.GetHistoryAsync("lesson-1", "anna", null, 10, Cancellation)).Messages.Single(m => m.Id == carrier.Message.Id).Attachments.Select(a => a.FileId));
        await using (var copied = await target.Files.OpenAsync("lesson-1", worksheet.Id, "anna", thumbnail: false, Cancellation))
        {
            using var bytes = new MemoryStream();
            await copied.Content.CopyToAsync(bytes, Cancellation);
            Assert.Equal(TestFiles.Pdf(), bytes.ToArray());
        }

        // A reader's cursor from the source, seq and read-marker state both, goes on working on the copy.
        var sent = await target.Chat.SendAsync("lesson-2", "ben", "after the move", null, Cancellation);
        var changes = await target.Chat.GetChangesAsync("lesson-2", "anna", cursor, TimeSpan.Zero, Cancellation);
        Assert.Equal([sent.Message], changes.Messages);
    }

    [Fact]
    public async Task Copy_store_pointed_at_a_directory_without_the_sites_files_exits_1_and_names_the_files_it_could_not_copy()
    {
        await using (var source = await OpenAsync(o => o.UseSqlite(SqliteConnectionString), createSchema: true, SourceFiles))
        {
            await FillAsync(source);
            var worksheet = await source.Files.UploadAsync("lesson-1", "ben", "worksheet.pdf", new MemoryStream(TestFiles.Pdf()), Cancellation);
            await source.Chat.SendAsync("lesson-1", "ben", "", null, [worksheet.Id], Cancellation);
        }

        var result = await RunSampleAsync("copy-store", "--from", $"sqlite:{SqliteConnectionString}", "--to", $"sqlite:Data Source={Path.Combine(_folder, "copy.db")}",
            "--files-from", Path.Combine(_folder, "elsewhere"), "--files-to", TargetFiles);

        Assert.True(result.ExitCode == 1, $"copy-store exited with {result.ExitCode}: {result.Error}");
        Assert.Contains($"1 files have no content under {Path.Combine(_folder, "elsewhere")} (is --files-from the site's file directory?)", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(TargetFiles) && Directory.EnumerateFileSystemEntries(TargetFiles).Any(), "Content was written for a file the source has none of.");
    }

    [Fact]
    public async Task Copy_store_without_a_source_file_exits_non_zero_with_a_clear_message_and_starts_no_site()
    {
        var result = await RunSampleAsync("copy-store", "--from", $"sqlite:Data Source={Path.Combine(_folder, "missing.db")}", "--to", $"sqlite:{SqliteConnectionString}");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("missing.db' does not exist", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", result.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, "chat.db")), "The target was created although the copy could not start.");
    }

    [Fact]
    public async Task Copy_store_with_an_unknown_store_name_shows_the_usage()
    {
        var result = await RunSampleAsync("copy-store", "--from", "oracle:whatever", "--to", $"sqlite:{SqliteConnectionString}");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Unknown store 'oracle': use Sqlite, Postgres or Mongo.", result.Error, StringComparison.Ordinal);
        Assert.Contains("Usage: copy-store --from <store>:<connection> --to <store>:<connection>", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dotnet_run_copy_store_resolves_relative_SQLite_paths_from_the_directory_it_is_run_in()
    {
        await using (var source = await OpenAsync(o => o.UseSqlite(SqliteConnectionString), createSchema: true))
        {
            await FillAsync(source);
        }

        // As docs/store-migration.md has it, from wherever the operator stands: `dotnet run --project … -- copy-store …`.
        var result = await RunSampleProjectAsync(_folder, "copy-store", "--from", "sqlite:Data Source=chat.db", "--to", "sqlite:Data Source=copy.db");

        Assert.True(result.ExitCode == 0, $"copy-store exited with {result.ExitCode}: {result.Error}\n{result.Output}");
        Assert.Contains($"Copying chat from SQLite {Path.Combine(_folder, "chat.db")} to SQLite {Path.Combine(_folder, "copy.db")}.", result.Output, StringComparison.Ordinal);
        Assert.Contains("Verified: the target is identical to the source (8 messages).", result.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_folder, "copy.db")), "The copy was not written beside the source, where the command was run.");
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }

    /// <summary>Three lessons with system and member messages, client ids, an edit, a delete and read markers; returns anna's cursor on lesson-2.</summary>
    private static async Task<ChatCursor> FillAsync(ChatSide side)
    {
        var chat = side.Chat;
        for (var i = 1; i <= 3; i++)
        {
            var id = $"lesson-{i}";
            await chat.CreateConversationAsync(id, $"Lesson {i}", Cancellation);
            await chat.AddMemberAsync(id, new ChatUser("anna", "Anna"), MemberRole.Moderator, Cancellation);
            await chat.AddMemberAsync(id, new ChatUser("ben", "Ben"), MemberRole.Member, Cancellation);
            await chat.SendSystemMessageAsync(id, "Lesson booked.", $"booked-{i}", Cancellation);
        }

        var hello = await chat.SendAsync("lesson-2", "anna", "Hello Ben", "c-1", Cancellation);
        var typo = await chat.SendAsync("lesson-2", "ben", "Hi Anan", "c-2", Cancellation);
        var oops = await chat.SendAsync("lesson-3", "ben", "wrong room", null, Cancellation);
        await chat.SendAsync("lesson-3", "anna", "Homework: page 4", null, Cancellation);
        await chat.SendAsync("lesson-1", "anna", "See you Monday", null, Cancellation);
        await chat.EditAsync("lesson-2", typo.Message.Id, "ben", "Hi Anna", Cancellation);
        await chat.DeleteAsync("lesson-3", oops.Message.Id, "anna", Cancellation);
        await chat.MarkReadAsync("lesson-2", "ben", hello.Message.Seq, Cancellation);
        await chat.MarkReadAsync("lesson-3", "anna", 4, Cancellation);
        return (await chat.GetChangesAsync("lesson-2", "anna", cursor: null, TimeSpan.Zero, Cancellation)).Cursor;
    }

    private static async Task<List<object>> ReadAllAsync(IChatStoreExport store)
    {
        var rows = new List<object>();
        var conversations = new List<Conversation>();
        string? afterId = null;
        while (await store.ExportConversationsAsync(afterId, 100, Cancellation) is { Count: > 0 } page)
        {
            conversations.AddRange(page);
            afterId = page[^1].Id;
        }

        foreach (var conversation in conversations.OrderBy(c => c.Id, StringComparer.Ordinal))
        {
            rows.Add(conversation);
            rows.AddRange((await store.ExportMembersAsync(conversation.Id, Cancellation)).OrderBy(m => m.UserId, StringComparer.Ordinal));
            rows.AddRange(await store.ExportMessagesAsync(conversation.Id, 0, 1000, Cancellation));
        }

        return rows;
    }

    private async Task<ChatSide> OpenAsync(Action<DbContextOptionsBuilder> database, bool createSchema, string? filesDirectory = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContextFactory<BstChatDbContext>(database);
        services.AddBstChat(o => o.Files.StagingDirectory = Path.Combine(_folder, "staging"))
            .AddEntityFrameworkCoreStore<BstChatDbContext>()
            .AddFileSystemFileStore(filesDirectory ?? Path.Combine(_folder, "unused-files"));
        var provider = services.BuildServiceProvider();
        var scope = provider.CreateAsyncScope();
        if (createSchema)
        {
            await scope.ServiceProvider.GetRequiredService<BstChatDbContext>().Database.EnsureBstChatCreatedAsync(Cancellation);
        }

        return new ChatSide(provider, scope);
    }

    /// <summary>Runs the sample's built entry point, as <c>dotnet run --project samples/BstChat.Sample -- …</c> would.</summary>
    private static Task<(int ExitCode, string Output, string Error)> RunSampleAsync(params string[] args) =>
        RunAsync(AppContext.BaseDirectory, [Path.Combine(AppContext.BaseDirectory, "BstChat.Sample.dll"), .. args]);

    /// <summary>Runs <c>dotnet run --no-build --project samples/BstChat.Sample -- …</c> in <paramref name="workingDirectory"/>, as the docs have it.</summary>
    private static Task<(int ExitCode, string Output, string Error)> RunSampleProjectAsync(string workingDirectory, params string[] args)
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var root = output;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "BstChat.Lib.sln")))
        {
            root = root.Parent;
        }

        var project = Path.Combine(root?.FullName ?? throw new InvalidOperationException("BstChat.Lib.sln not found above the test output."), "samples", "BstChat.Sample");
        return RunAsync(workingDirectory, ["run", "--no-build", "--configuration", output.Parent!.Name, "--project", project, "--", .. args]);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string workingDirectory, IReadOnlyList<string> args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = OwnedProcess.Start(start);
        var output = process.StandardOutput.ReadToEndAsync(Cancellation);
        var error = process.StandardError.ReadToEndAsync(Cancellation);
        try
        {
            await process.WaitForExitAsync(Cancellation).WaitAsync(ProcessTimeout, Cancellation);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        return (process.ExitCode, await output, await error);
    }

    /// <summary>A store's chat service and export over one scope.</summary>
    private sealed class ChatSide(ServiceProvider provider, AsyncServiceScope scope) : IAsyncDisposable
    {
        public IChatService Chat => scope.ServiceProvider.GetRequiredService<IChatService>();

        public IChatStoreExport Export => scope.ServiceProvider.GetRequiredService<IChatStoreExport>();

        public IChatFiles Files => scope.ServiceProvider.GetRequiredService<IChatFiles>();

        public async ValueTask DisposeAsync()
        {
            await scope.DisposeAsync();
            await provider.DisposeAsync();
        }
    }
}
