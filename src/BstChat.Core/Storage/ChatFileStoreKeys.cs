namespace BstChat.Storage;

/// <summary>The keys an <see cref="IChatFileStore"/> is given: what a store may rely on, for paths and object names.</summary>
public static class ChatFileStoreKeys
{
    /// <summary>Whether a key is 1-64 characters of <c>[a-z0-9-]</c>, as every key BstChat makes is.</summary>
    /// <param name="key">The key.</param>
    /// <returns>Whether it is valid.</returns>
    public static bool IsValid(string? key) =>
        key is { Length: >= 1 and <= 64 } && key.All(static c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'z' or '-');
}
