namespace BstChat.Files;

/// <summary>A scanner's verdict on one upload.</summary>
public sealed record ChatFileScanResult
{
    private ChatFileScanResult(string? refusal) => Refusal = refusal;

    /// <summary>The file may be stored.</summary>
    public static ChatFileScanResult Clean { get; } = new(refusal: null);

    /// <summary>Why the file may not be stored, in words the uploader can read; <see langword="null"/> when it may.</summary>
    public string? Refusal { get; }

    /// <summary>Whether the file was refused.</summary>
    public bool IsRefused => Refusal is not null;

    /// <summary>Refuses the file.</summary>
    /// <param name="reason">Why, in plain words for the uploader (for example "The file contains a virus.").</param>
    /// <returns>The verdict.</returns>
    public static ChatFileScanResult Refused(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new(reason);
    }
}
