namespace BstChat.Storage.Mongo.GapFree;

/// <summary>What a reader found above a conversation's watermark.</summary>
/// <param name="VisibleSeq">The watermark: every seq up to it is known to have its change document.</param>
/// <param name="ReservedSeq">The highest seq handed out; nothing above it can be a gap.</param>
/// <param name="PresentSeqs">The seqs above the watermark that have a change document, ascending.</param>
/// <param name="Complete">
/// Whether <paramref name="PresentSeqs"/> holds every change document up to <paramref name="ReservedSeq"/>;
/// <see langword="false"/> when the read was cut at its limit, so nothing is known past its last seq.
/// </param>
internal sealed record PrefixScan(long VisibleSeq, long ReservedSeq, IReadOnlyList<long> PresentSeqs, bool Complete);
