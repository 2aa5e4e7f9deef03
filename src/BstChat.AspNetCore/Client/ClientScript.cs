using System.Security.Cryptography;

namespace BstChat.AspNetCore.Client;

/// <summary>One embedded browser module (<c>bstchat.js</c> and its siblings), loaded once, with an ETag made from its content.</summary>
internal sealed class ClientScript
{
    /// <summary>The file names served under the chat prefix; each is embedded as <c>BstChat.AspNetCore.{name}</c>.</summary>
    public static readonly IReadOnlyList<string> FileNames =
        ["bstchat.js", "bstchat-http.js", "bstchat-feed.js", "bstchat-ui.js", "bstchat-element.js", "bstchat-inbox.js"];

    private static readonly Dictionary<string, Lazy<ClientScript>> Loaded =
        FileNames.ToDictionary(name => name, name => new Lazy<ClientScript>(() => Load(name)), StringComparer.Ordinal);

    private ClientScript(byte[] content, string etag)
    {
        Content = content;
        ETag = etag;
    }

    public byte[] Content { get; }

    /// <summary>A strong ETag: the first 128 bits of the content's SHA-256.</summary>
    public string ETag { get; }

    /// <summary>The module named <paramref name="fileName"/>, one of <see cref="FileNames"/>.</summary>
    public static ClientScript Get(string fileName) => Loaded[fileName].Value;

    private static ClientScript Load(string fileName)
    {
        var resourceName = $"BstChat.AspNetCore.{fileName}";
        using var stream = typeof(ClientScript).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"The embedded resource {resourceName} is missing from the BstChat.AspNetCore assembly.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var content = buffer.ToArray();
        var hash = Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 16));
        return new ClientScript(content, $"\"{hash}\"");
    }
}
