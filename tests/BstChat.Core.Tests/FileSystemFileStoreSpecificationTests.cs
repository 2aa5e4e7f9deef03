using BstChat.Storage;
using BstChat.Storage.FileSystem;
using BstChat.Storage.Specification;

namespace BstChat.Core.Tests;

/// <summary>The file-store specification against the file-system store, in a directory of its own.</summary>
public sealed class FileSystemFileStoreSpecificationTests : ChatFileStoreSpecification, IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "bstchat-files-spec-" + Guid.NewGuid().ToString("N"));

    protected override IChatFileStore CreateStore() => new FileSystemChatFileStore(_root);

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
