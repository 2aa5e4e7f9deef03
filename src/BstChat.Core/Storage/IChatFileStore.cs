namespace BstChat.Storage;

/// <summary>
/// Where file content lives, streamed in and out, never held whole in memory. Keys are made by
/// BstChat from file ids: 1-64 characters of <c>[a-z0-9-]</c>.
/// </summary>
/// <remarks>
/// Content is written once per key and then only read or deleted. The file store knows nothing
/// of conversations or members: the message store's <see cref="IChatFileCatalog"/> decides who
/// may read what. The specification suite in <c>BstChat.Storage.Specification</c> runs over every
/// implementation.
/// </remarks>
public interface IChatFileStore
{
    /// <summary>Stores content under a key, replacing any: a reader sees all of it or none of it, never a part.</summary>
    /// <param name="key">The key.</param>
    /// <param name="content">The content, read to its end; not disposed.</param>
    /// <param name="cancellationToken">Cancels the call; nothing is then stored under the key.</param>
    /// <returns>The number of bytes stored.</returns>
    ValueTask<long> WriteAsync(string key, Stream content, CancellationToken cancellationToken);

    /// <summary>Opens stored content for reading.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A seekable stream the caller disposes, or <see langword="null"/> when nothing is stored under the key.</returns>
    ValueTask<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>Deletes stored content; nothing happens when there is none.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the content is gone.</returns>
    ValueTask DeleteAsync(string key, CancellationToken cancellationToken);
}
