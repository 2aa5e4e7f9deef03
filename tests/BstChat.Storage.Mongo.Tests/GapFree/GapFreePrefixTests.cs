using BstChat.Storage.Mongo.GapFree;
using Xunit;

namespace BstChat.Storage.Mongo.Tests.GapFree;

/// <summary>What a reader may see, given which seqs have their change document and how long each gap has been missing.</summary>
public sealed class GapFreePrefixTests
{
    private static readonly TimeSpan Threshold = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Young = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Old = TimeSpan.FromSeconds(6);

    [Fact]
    public void With_nothing_above_the_watermark_the_head_is_the_watermark()
    {
        var decision = Decide(new PrefixScan(5, 5, [], Complete: true));

        Assert.Equal(new PrefixDecision(5, [], null), decision, Comparer);
    }

    [Fact]
    public void A_run_without_gaps_is_visible_to_its_end()
    {
        var decision = Decide(new PrefixScan(2, 5, [3, 4, 5], Complete: true));

        Assert.Equal(new PrefixDecision(5, [], null), decision, Comparer);
    }

    [Fact]
    public void A_writer_still_in_flight_at_the_end_holds_readers_just_below_its_seq()
    {
        var scan = new PrefixScan(2, 5, [3, 4], Complete: true);

        Assert.Equal([5], GapFreePrefix.FindGaps(scan));
        Assert.Equal(new PrefixDecision(4, [], 5), Decide(scan, (5, Young)), Comparer);
    }

    [Fact]
    public void A_later_seq_written_first_stays_invisible_until_the_earlier_one_is_written()
    {
        // Writers of 4 and 5 finished out of order: 5 is there, 4 is not yet.
        var scan = new PrefixScan(3, 5, [5], Complete: true);

        Assert.Equal(new PrefixDecision(3, [], 4), Decide(scan, (4, Young)), Comparer);
        Assert.Equal(new PrefixDecision(5, [], null), Decide(scan with { PresentSeqs = [4, 5] }), Comparer);
    }

    [Fact]
    public void A_superseded_seq_and_a_seq_that_carries_no_change_are_both_present_and_passed()
    {
        // Seq 3's change document names a message that an edit moved on to 6; seq 4 was a lost
        // send race, marked as carrying no change. Neither is a gap: both documents exist forever.
        var scan = new PrefixScan(2, 6, [3, 4, 5, 6], Complete: true);

        Assert.Empty(GapFreePrefix.FindGaps(scan));
        Assert.Equal(new PrefixDecision(6, [], null), Decide(scan), Comparer);
    }

    [Fact]
    public void A_gap_younger_than_the_threshold_blocks_even_when_later_seqs_are_there()
    {
        var scan = new PrefixScan(0, 10, [1, 2, 3, 5, 6, 7, 8, 9, 10], Complete: true);

        Assert.Equal(new PrefixDecision(3, [], 4), Decide(scan, (4, Threshold - TimeSpan.FromTicks(1))), Comparer);
    }

    [Fact]
    public void A_dead_writer_gap_is_filled_and_passed_once_it_is_as_old_as_the_threshold()
    {
        var scan = new PrefixScan(0, 10, [1, 2, 3, 5, 6, 7, 8, 9, 10], Complete: true);

        Assert.Equal(new PrefixDecision(10, [4], null), Decide(scan, (4, Threshold)), Comparer);
    }

    [Fact]
    public void Several_dead_gaps_seen_together_are_passed_together()
    {
        var scan = new PrefixScan(0, 7, [1, 3, 5, 7], Complete: true);

        Assert.Equal(new PrefixDecision(7, [2, 4, 6], null), Decide(scan, (2, Old), (4, Old), (6, Old)), Comparer);
    }

    [Fact]
    public void An_old_gap_behind_a_young_one_is_not_filled()
    {
        var scan = new PrefixScan(0, 7, [1, 2, 3, 5, 7], Complete: true);

        Assert.Equal(new PrefixDecision(3, [], 4), Decide(scan, (4, Young), (6, Old)), Comparer);
    }

    [Fact]
    public void A_reader_passes_a_dead_gap_and_stops_at_the_young_one_after_it()
    {
        var scan = new PrefixScan(0, 7, [1, 2, 3, 5, 7], Complete: true);

        Assert.Equal(new PrefixDecision(5, [4], 6), Decide(scan, (4, Old), (6, Young)), Comparer);
    }

    [Fact]
    public void Dead_writers_at_the_end_are_passed_up_to_the_reserved_seq()
    {
        var scan = new PrefixScan(0, 3, [1], Complete: true);

        Assert.Equal(new PrefixDecision(3, [2, 3], null), Decide(scan, (2, Old), (3, Old)), Comparer);
    }

    [Fact]
    public void A_gap_never_seen_before_counts_as_just_seen()
    {
        var scan = new PrefixScan(0, 2, [2], Complete: true);

        Assert.Equal(new PrefixDecision(0, [], 1), Decide(scan), Comparer);
    }

    [Fact]
    public void A_scan_cut_at_its_limit_says_nothing_past_its_last_seq()
    {
        var present = Enumerable.Range(1, 1000).Select(i => (long)i).ToList();
        var scan = new PrefixScan(0, 5000, present, Complete: false);

        Assert.Empty(GapFreePrefix.FindGaps(scan));
        Assert.Equal(new PrefixDecision(1000, [], null), Decide(scan), Comparer);
    }

    [Fact]
    public void A_scan_cut_at_its_limit_still_blocks_at_a_gap_inside_it()
    {
        var present = Enumerable.Range(1, 1001).Where(i => i != 3).Select(i => (long)i).ToList();
        var scan = new PrefixScan(0, 5000, present, Complete: false);

        Assert.Equal([3], GapFreePrefix.FindGaps(scan));
        Assert.Equal(new PrefixDecision(2, [], 3), Decide(scan, (3, Young)), Comparer);
    }

    [Fact]
    public void Seqs_at_or_below_the_watermark_or_above_the_reserved_seq_are_ignored()
    {
        // The change document for 9 was written after the reader read the reserved seq.
        var scan = new PrefixScan(3, 6, [2, 3, 4, 6, 9], Complete: true);

        Assert.Equal([5], GapFreePrefix.FindGaps(scan));
        Assert.Equal(new PrefixDecision(4, [], 5), Decide(scan, (5, Young)), Comparer);
    }

    [Fact]
    public void The_gap_list_is_bounded_and_a_reader_stops_at_its_last_listed_gap()
    {
        var scan = new PrefixScan(0, 5000, [], Complete: true);
        var gaps = GapFreePrefix.FindGaps(scan);
        var ages = gaps.ToDictionary(g => g, _ => Old);

        var decision = GapFreePrefix.Decide(scan, ages, Threshold);

        Assert.Equal(GapFreePrefix.MaxGaps, gaps.Count);
        Assert.Equal(GapFreePrefix.MaxGaps, decision.Head);
        Assert.Equal(gaps, decision.GapsToFill);
        Assert.Null(decision.BlockingGap);
    }

    private static PrefixDecision Decide(PrefixScan scan, params (long Gap, TimeSpan Age)[] ages) =>
        GapFreePrefix.Decide(scan, ages.ToDictionary(a => a.Gap, a => a.Age), Threshold);

    private static readonly DecisionComparer Comparer = new();

    private sealed class DecisionComparer : IEqualityComparer<PrefixDecision>
    {
        public bool Equals(PrefixDecision? x, PrefixDecision? y) =>
            x is not null && y is not null && x.Head == y.Head && x.BlockingGap == y.BlockingGap && x.GapsToFill.SequenceEqual(y.GapsToFill);

        public int GetHashCode(PrefixDecision obj) => obj.Head.GetHashCode();
    }
}
