namespace BstChat.Storage.Mongo.GapFree;

/// <summary>
/// The gap-free prefix as pure logic (see docs/mongo-gap-free-prefix.md). A seq is visible when
/// its change document exists, whether it records a change, a superseded change or no change at
/// all; a reader goes up to the first seq that is not, unless that gap has been missing for the
/// threshold, in which case its writer is taken for dead and the gap is filled and passed.
/// </summary>
internal static class GapFreePrefix
{
    /// <summary>At most this many gaps are listed per scan; a reader stops at the last one listed.</summary>
    public const int MaxGaps = 1000;

    /// <summary>The seqs above the watermark that were handed out but have no change document yet, ascending.</summary>
    public static IReadOnlyList<long> FindGaps(PrefixScan scan) => FindGaps(scan, out _);

    /// <summary>Decides how far a reader may go.</summary>
    /// <param name="scan">What the reader found.</param>
    /// <param name="gapAges">How long each gap has been seen missing; a gap not listed is taken as just seen.</param>
    /// <param name="threshold">How long a gap must be missing before its writer is taken for dead.</param>
    public static PrefixDecision Decide(PrefixScan scan, IReadOnlyDictionary<long, TimeSpan> gapAges, TimeSpan threshold)
    {
        ArgumentNullException.ThrowIfNull(gapAges);
        var gaps = FindGaps(scan, out var truncated);
        var toFill = new List<long>();
        foreach (var gap in gaps)
        {
            if (!gapAges.TryGetValue(gap, out var age) || age < threshold)
            {
                // Everything below the first young gap is present or filled.
                return new PrefixDecision(gap - 1, toFill, gap);
            }

            toFill.Add(gap);
        }

        // Past the last listed gap lies an unlisted one when the list was cut: stop at the listed one.
        var head = truncated ? gaps[^1] : End(scan);
        return new PrefixDecision(head, toFill, null);
    }

    private static List<long> FindGaps(PrefixScan scan, out bool truncated)
    {
        ArgumentNullException.ThrowIfNull(scan);
        var gaps = new List<long>();
        var end = End(scan);
        var next = scan.VisibleSeq + 1;
        foreach (var seq in Relevant(scan, end))
        {
            if (!AddRange(gaps, next, seq - 1))
            {
                truncated = true;
                return gaps;
            }

            next = Math.Max(next, seq + 1);
        }

        truncated = !AddRange(gaps, next, end);
        return gaps;
    }

    /// <summary>Adds <paramref name="from"/>..<paramref name="to"/>; false when <see cref="MaxGaps"/> cut it short.</summary>
    private static bool AddRange(List<long> gaps, long from, long to)
    {
        for (var seq = from; seq <= to; seq++)
        {
            if (gaps.Count == MaxGaps)
            {
                return false;
            }

            gaps.Add(seq);
        }

        return true;
    }

    /// <summary>The last seq the scan says anything about.</summary>
    private static long End(PrefixScan scan)
    {
        if (scan.Complete)
        {
            return Math.Max(scan.VisibleSeq, scan.ReservedSeq);
        }

        var last = scan.VisibleSeq;
        foreach (var seq in Relevant(scan, scan.ReservedSeq))
        {
            last = Math.Max(last, seq);
        }

        return last;
    }

    private static IEnumerable<long> Relevant(PrefixScan scan, long end) =>
        scan.PresentSeqs.Where(seq => seq > scan.VisibleSeq && seq <= end);
}
