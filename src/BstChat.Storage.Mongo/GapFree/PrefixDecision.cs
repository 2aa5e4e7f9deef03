namespace BstChat.Storage.Mongo.GapFree;

/// <summary>How far a reader may go.</summary>
/// <param name="Head">The gap-free prefix head: every seq up to it is visible, once <paramref name="GapsToFill"/> are filled.</param>
/// <param name="GapsToFill">Gaps missing for at least the threshold, below <paramref name="Head"/>: the reader records them before passing.</param>
/// <param name="BlockingGap">The first gap the reader must wait at, if any.</param>
internal sealed record PrefixDecision(long Head, IReadOnlyList<long> GapsToFill, long? BlockingGap);
