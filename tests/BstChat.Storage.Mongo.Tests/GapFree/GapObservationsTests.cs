using BstChat.Storage.Mongo.GapFree;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace BstChat.Storage.Mongo.Tests.GapFree;

/// <summary>A gap's age is how long this process has seen it open, on its own clock.</summary>
public sealed class GapObservationsTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_gap_is_young_when_first_seen_and_ages_while_it_stays_open()
    {
        var observations = new GapObservations();

        Assert.Equal(TimeSpan.Zero, observations.Observe("c1", [4], _time.GetUtcNow())[4]);
        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(TimeSpan.FromSeconds(3), observations.Observe("c1", [4, 6], _time.GetUtcNow())[4]);
        Assert.Equal(TimeSpan.Zero, observations.Observe("c1", [4, 6], _time.GetUtcNow())[6]);
    }

    [Fact]
    public void A_gap_that_closed_is_forgotten_so_a_seq_reopening_starts_young()
    {
        var observations = new GapObservations();
        observations.Observe("c1", [4, 5], _time.GetUtcNow());
        _time.Advance(TimeSpan.FromSeconds(10));

        var ages = observations.Observe("c1", [5], _time.GetUtcNow());
        observations.Observe("c1", [], _time.GetUtcNow());

        Assert.Equal(TimeSpan.FromSeconds(10), ages[5]);
        Assert.False(ages.ContainsKey(4));
        Assert.Equal(0, observations.Count);
        Assert.Equal(TimeSpan.Zero, observations.Observe("c1", [5], _time.GetUtcNow())[5]);
    }

    [Fact]
    public void Conversations_are_observed_apart()
    {
        var observations = new GapObservations();
        observations.Observe("c1", [4], _time.GetUtcNow());
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(TimeSpan.Zero, observations.Observe("c2", [4], _time.GetUtcNow())[4]);
        Assert.Equal(TimeSpan.FromSeconds(2), observations.Observe("c1", [4], _time.GetUtcNow())[4]);
    }

    [Fact]
    public void Memory_is_bounded_by_forgetting_everything_which_only_delays_passing()
    {
        var observations = new GapObservations(maxConversations: 2);
        observations.Observe("c1", [1], _time.GetUtcNow());
        observations.Observe("c2", [1], _time.GetUtcNow());
        _time.Advance(TimeSpan.FromSeconds(9));

        observations.Observe("c3", [1], _time.GetUtcNow());

        Assert.Equal(1, observations.Count);
        Assert.Equal(TimeSpan.Zero, observations.Observe("c1", [1], _time.GetUtcNow())[1]);
    }

    [Fact]
    public void A_reader_polling_past_a_dead_writer_waits_the_threshold_then_passes()
    {
        // Seq 2's writer took its seq and died; 3 was written after it. A reader polls each second.
        var threshold = TimeSpan.FromSeconds(5);
        var observations = new GapObservations();
        var scan = new PrefixScan(1, 3, [3], Complete: true);
        var heads = new List<long>();
        PrefixDecision decision;
        do
        {
            var ages = observations.Observe("c1", GapFreePrefix.FindGaps(scan), _time.GetUtcNow());
            decision = GapFreePrefix.Decide(scan, ages, threshold);
            heads.Add(decision.Head);
            _time.Advance(TimeSpan.FromSeconds(1));
        }
        while (decision.GapsToFill.Count == 0);

        Assert.Equal([1, 1, 1, 1, 1, 3], heads);
        Assert.Equal([2], decision.GapsToFill);
    }
}
