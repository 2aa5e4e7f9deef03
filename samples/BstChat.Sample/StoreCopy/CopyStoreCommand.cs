using BstChat.Migration;
using BstChat.Storage;

namespace BstChat.Sample.StoreCopy;

/// <summary>
/// <c>copy-store --from &lt;store&gt;:&lt;connection&gt; --to &lt;store&gt;:&lt;connection&gt;</c>:
/// copies all chat from one store to another with <see cref="ChatStoreCopier"/>, creating the
/// target's tables or indexes first, then the files with <see cref="ChatFileCopier"/> (content
/// from <c>--files-from</c> to <c>--files-to</c>, both <c>App_Data/bstchat-files</c> by default, so
/// by default only the records move), then verifies both. The web host does not start.
/// Exit codes: 0 copied and identical, 1 the copy differs from its source, 2 bad arguments,
/// 3 the copy failed, 130 cancelled (Ctrl+C); running the same command again resumes.
/// </summary>
internal static class CopyStoreCommand
{
    public const string Name = "copy-store";

    private const string Usage = """
        Usage: copy-store --from <store>:<connection> --to <store>:<connection> [--files-from <dir>] [--files-to <dir>]
          <store> is Sqlite, Postgres or Mongo; <connection> is its connection string or URL.
          --files-from and --files-to are the file directories (default App_Data/bstchat-files; --files-to defaults to --files-from).
          e.g. copy-store --from sqlite:"Data Source=App_Data/bstchat.db" --to postgres:"Host=db;Username=app;Password=…;Database=chat"
        """;

    /// <summary>
    /// Whether the command line is <c>copy-store …</c>, with the arguments after the name. The
    /// <c>--contentRoot</c> that <c>dotnet run</c> puts first (see the project file) is the site's, not the command's.
    /// </summary>
    public static bool IsInvoked(string[] args, out string[] commandArgs)
    {
        var rest = args is ["--contentRoot", _, ..] ? args[2..] : args;
        commandArgs = rest is [Name, ..] ? rest[1..] : [];
        return rest is [Name, ..];
    }

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        if (!TryParse(args, out var from, out var to, out var files, out var problem))
        {
            await error.WriteLineAsync($"copy-store: {problem}{Environment.NewLine}{Usage}");
            return 2;
        }

        if (from.MissingSource() is { } missing)
        {
            await error.WriteLineAsync($"copy-store: {missing}");
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return await CopyAsync(from, to, files, output, error, cancel);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static async Task<int> CopyAsync(StoreLocation from, StoreLocation to, FileDirectories files, TextWriter output, TextWriter error, CancellationTokenSource cancel)
    {
        await using var source = Open(from, files.From);
        await using var target = Open(to, files.To);
        var progress = new ConsoleProgressBar(output, redraw: !Console.IsOutputRedirected);
        try
        {
            await output.WriteLineAsync($"Copying chat from {from} to {to}.");
            await to.CreateSchemaAsync(target, cancel.Token);
            var copier = new ChatStoreCopier(
                source.GetRequiredService<IChatStoreExport>(),
                target.GetRequiredService<IChatStoreImport>());
            var copied = await copier.CopyAsync(progress, cancel.Token);
            var verification = await copier.VerifyAsync(progress, cancel.Token);
            progress.Finish();
            await output.WriteLineAsync(
                $"Copied {copied.Conversations:N0} conversations, {copied.Members:N0} members and {copied.Messages:N0} messages "
                + $"({copied.MessagesWritten:N0} messages written, the rest already there).");
            if (!verification.IsIdentical)
            {
                await error.WriteLineAsync("copy-store: the copy differs from its source:");
                foreach (var difference in verification.Differences)
                {
                    await error.WriteLineAsync($"  {difference}");
                }

                return 1;
            }

            await output.WriteLineAsync($"Verified: the target is identical to the source ({verification.Target.Messages:N0} messages).");
            return await CopyFilesAsync(source, target, files, output, error, cancel.Token);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            progress.Finish();
            await error.WriteLineAsync("copy-store: cancelled. Run the same command again to resume.");
            return 130;
        }
        catch (Exception e) when (e is ChatStoreCopyException or ChatStoreUnavailableException or InvalidOperationException or ArgumentException
            or System.Data.Common.DbException or MongoDB.Driver.MongoException or TimeoutException)
        {
            progress.Finish();
            await error.WriteLineAsync($"copy-store: the copy failed: {e.Message}{Environment.NewLine}Fix the cause and run the same command again; it resumes.");
            return 3;
        }
    }

    private static async Task<int> CopyFilesAsync(ServiceProvider source, ServiceProvider target, FileDirectories files, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var copier = new ChatFileCopier(
            source.GetRequiredService<IChatStoreExport>(),
            new ChatFileStores(source.GetRequiredService<IChatFileCatalog>(), source.GetRequiredService<IChatFileStore>()),
            new ChatFileStores(target.GetRequiredService<IChatFileCatalog>(), target.GetRequiredService<IChatFileStore>()));
        var copied = await copier.CopyAsync(cancellationToken);
        await output.WriteLineAsync($"Copied {copied.Files:N0} files ({copied.FilesWritten:N0} records and {copied.ContentWritten:N0} contents written, the rest already there).");
        if (copied.StillUploading > 0)
        {
            await output.WriteLineAsync($"Left out {copied.StillUploading:N0} uploads still in progress.");
        }

        if (copied.ContentMissing.Count > 0)
        {
            await error.WriteLineAsync($"copy-store: {copied.ContentMissing.Count:N0} files have no content under {files.From} (is --files-from the site's file directory?); they were not copied:");
            foreach (var missing in copied.ContentMissing.Take(ChatStoreCopier.MaxDifferences))
            {
                await error.WriteLineAsync($"  {missing}");
            }

            return 1;
        }

        var differences = await copier.VerifyAsync(cancellationToken);
        if (differences.Count > 0)
        {
            await error.WriteLineAsync("copy-store: the copied files differ from their source:");
            foreach (var difference in differences)
            {
                await error.WriteLineAsync($"  {difference}");
            }

            return 1;
        }

        await output.WriteLineAsync($"Verified: the target holds every file as the source does ({copied.Files:N0} files).");
        return 0;
    }

    private static bool TryParse(string[] args, out StoreLocation from, out StoreLocation to, out FileDirectories files, out string? problem)
    {
        from = to = null!;
        files = null!;
        string? fromText = null, toText = null, filesFrom = null, filesTo = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--from" when i + 1 < args.Length:
                    fromText = args[++i];
                    break;
                case "--to" when i + 1 < args.Length:
                    toText = args[++i];
                    break;
                case "--files-from" when i + 1 < args.Length:
                    filesFrom = args[++i];
                    break;
                case "--files-to" when i + 1 < args.Length:
                    filesTo = args[++i];
                    break;
                default:
                    problem = $"unexpected argument '{args[i]}'.";
                    return false;
            }
        }

        if (fromText is null || toText is null)
        {
            problem = "both --from and --to are required.";
            return false;
        }

        if (!StoreLocation.TryParse(fromText, out var source, out problem) || !StoreLocation.TryParse(toText, out var target, out problem))
        {
            return false;
        }

        (from, to) = (source!, target!);
        var filesFromPath = Path.GetFullPath(filesFrom ?? Path.Combine("App_Data", "bstchat-files"));
        files = new FileDirectories(filesFromPath, filesTo is null ? filesFromPath : Path.GetFullPath(filesTo));
        return true;
    }

    /// <summary>Where the source's and the target's file content is, from the directory the command is run in.</summary>
    private sealed record FileDirectories(string From, string To);

    /// <summary>The services for one store, as the site would register them, without a web host.</summary>
    private static ServiceProvider Open(StoreLocation location, string filesDirectory)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        var chat = services.AddBstChat().AddFileSystemFileStore(filesDirectory);
        location.Register(chat);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }
}
