using Microsoft.Extensions.Options;

namespace BstChat.Files;

/// <summary>The local directory uploads are staged in, made once from the options.</summary>
internal sealed class ChatFileStaging(IOptions<BstChatOptions> options)
{
    public string Directory { get; } = options.Value.Files.StagingDirectory ?? Path.GetTempPath();
}
