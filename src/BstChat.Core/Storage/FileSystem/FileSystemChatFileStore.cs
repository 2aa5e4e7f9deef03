namespace BstChat.Storage.FileSystem;

/// <summary>
/// File content as files in a directory, fanned out by the key's first two characters so no
/// directory grows huge. A write goes to a temporary name and is renamed into place, which is
/// atomic on one file system: a reader sees the whole content or none.
/// </summary>
internal sealed class FileSystemChatFileStore(string root) : IChatFileStore
{
    private const string PartialSuffix = ".partial";

    /// <summary>The directory content is kept in.</summary>
    public string Root { get; } = Path.GetFullPath(root);

    public async ValueTask<long> WriteAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var partial = path + "." + Guid.NewGuid().ToString("N") + PartialSuffix;
        try
        {
            long written;
            await using (var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await content.CopyToAsync(file, cancellationToken);
                await file.FlushAsync(cancellationToken);
                written = file.Length;
            }

            File.Move(partial, path, overwrite: true);
            return written;
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
    }

    public ValueTask<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            // FileShare.Delete: a download in progress does not stop the sweeper deleting the file; the reader keeps its copy.
            Stream stream = new FileStream(PathOf(key), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, FileOptions.Asynchronous);
            return ValueTask.FromResult<Stream?>(stream);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return ValueTask.FromResult<Stream?>(null);
        }
    }

    public ValueTask DeleteAsync(string key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var path = PathOf(key);
        if (Directory.Exists(Path.GetDirectoryName(path)))
        {
            File.Delete(path);
        }

        return ValueTask.CompletedTask;
    }

    private string PathOf(string key)
    {
        if (!ChatFileStoreKeys.IsValid(key))
        {
            throw new ArgumentException("A file-store key is 1-64 characters of [a-z0-9-].", nameof(key));
        }

        return Path.Combine(Root, key.Length >= 2 ? key[..2] : key, key);
    }
}
