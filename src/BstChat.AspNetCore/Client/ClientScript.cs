using System.Security.Cryptography;

namespace BstChat.AspNetCore.Client;

/// <summary>The embedded <c>bstchat.js</c>, loaded once, with an ETag made from its content.</summary>
internal sealed class ClientScript
{
    private const string ResourceName = "BstChat.AspNetCore.bstchat.js";

    private static readonly Lazy<ClientScript> Loaded = new(Load);

    private ClientScript(byte[] content, string etag)
    {
        Content = content;
        ETag = etag;
    }

    public static ClientScript Instance => Loaded.Value;

    public byte[] Content { get; }

    /// <summary>A strong ETag: the first 128 bits of the content's SHA-256.</summary>
    public string ETag { get; }

    private static ClientScript Load()
    {
        using var stream = typeof(ClientScript).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from the BstChat.AspNetCore assembly.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var content = buffer.ToArray();
        var hash = Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 16));
        return new ClientScript(content, $"\"{hash}\"");
    }
}
