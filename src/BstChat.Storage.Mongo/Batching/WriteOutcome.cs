using BstChat.Storage.Mongo.Documents;

namespace BstChat.Storage.Mongo.Batching;

/// <summary>
/// What a batch answers one of its writes. A write's failure is an outcome, not an exception of
/// the batch, so it fails only that write and the batch is never committed a second time.
/// </summary>
internal abstract record WriteOutcome
{
    private WriteOutcome()
    {
    }

    /// <summary>A write the batch leaves to the claim protocol's own loop, after the batch: it must wait, record a holder's change or take a claim over.</summary>
    public static WriteOutcome RunAlone { get; } = new Alone();

    /// <summary>A send's answer: the stored message, or <see langword="null"/> when the conversation does not exist.</summary>
    public sealed record Sent(AppendResult? Result) : WriteOutcome;

    /// <summary>An edit's or delete's answer: the message after it, or <see langword="null"/> when there is no such message.</summary>
    public sealed record Changed(MessageDocument? Message) : WriteOutcome;

    /// <summary>The write failed; its caller sees <paramref name="Error"/>.</summary>
    public sealed record Failed(Exception Error) : WriteOutcome;

    private sealed record Alone : WriteOutcome;
}
