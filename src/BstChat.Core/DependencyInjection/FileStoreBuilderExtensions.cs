using BstChat;
using BstChat.Storage;
using BstChat.Storage.FileSystem;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses where file content lives.</summary>
public static class FileStoreBuilderExtensions
{
    /// <summary>
    /// Keeps file content as files under a directory (created when needed). The default, under
    /// the host's content root at <c>App_Data/bstchat-files</c>. Every instance of a scaled-out
    /// host must see the same directory (a shared volume), or use a store in the database.
    /// Replaces any file store registered before.
    /// </summary>
    /// <param name="builder">The builder from <c>AddBstChat()</c>.</param>
    /// <param name="directory">The directory; relative paths are taken from the current directory.</param>
    /// <returns>The builder.</returns>
    public static BstChatBuilder AddFileSystemFileStore(this BstChatBuilder builder, string directory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        builder.Services.Replace(ServiceDescriptor.Singleton<IChatFileStore>(new FileSystemChatFileStore(directory)));
        return builder;
    }
}
