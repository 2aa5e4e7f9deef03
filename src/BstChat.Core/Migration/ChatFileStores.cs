using BstChat.Storage;

namespace BstChat.Migration;

/// <summary>Where one deployment keeps its files: the records in its chat store, the content in its file store.</summary>
/// <param name="Catalog">The file records (the chat store's <see cref="IChatFileCatalog"/>).</param>
/// <param name="Content">The file content and thumbnails.</param>
public sealed record ChatFileStores(IChatFileCatalog Catalog, IChatFileStore Content);
