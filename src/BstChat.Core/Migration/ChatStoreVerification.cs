using BstChat.Storage;

namespace BstChat.Migration;

/// <summary>The outcome of comparing a target store with its source.</summary>
/// <param name="Source">The source's counts.</param>
/// <param name="Target">The target's counts.</param>
/// <param name="Differences">What differs, one line each (at most <see cref="ChatStoreCopier.MaxDifferences"/>); empty when the stores are identical.</param>
public sealed record ChatStoreVerification(ChatStoreCounts Source, ChatStoreCounts Target, IReadOnlyList<string> Differences)
{
    /// <summary>Whether the target holds exactly what the source holds (timestamps at the target's precision).</summary>
    public bool IsIdentical => Differences.Count == 0;
}
