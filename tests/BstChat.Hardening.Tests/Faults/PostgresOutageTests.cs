using System.Diagnostics;
using System.Net;
using BstChat.AspNetCore.Tests.Infrastructure;
using BstChat.Hardening.Tests.Infrastructure;

namespace BstChat.Hardening.Tests.Faults;

/// <summary>
/// The sample as its own process on a private PostgreSQL that is stopped while clients send and
/// wait: they get 503 with Retry-After and nothing half-written, and the same process serves
/// again once PostgreSQL is back, without a restart.
/// </summary>
public sealed class PostgresOutageTests
{
    private const string Conversation = "lesson-1";

    /// <summary>
    /// No request may hang while the store is down. An answer comes within the refused connect
    /// plus the 1 s re-check; a request that hangs is held for its whole wait
    /// (<see cref="SampleProcess.HeldWaitSeconds"/>), far beyond this generous bound.
    /// </summary>
    private static readonly TimeSpan AnswerBound = TimeSpan.FromMinutes(1);

    /// <summary>A hang guard: the sample serves again within a re-check or two of PostgreSQL's return.</summary>
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Sends_and_waits_answer_503_while_PostgreSQL_is_down_and_the_same_process_recovers_with_every_acknowledged_message_once()
    {
        await using var postgres = await PrivatePostgres.StartAsync();
        await using var sample = await SampleProcess.OnPostgresAsync(postgres);
        var anna = await sample.SignInAsync("anna");
        var ben = await sample.SignInAsync("ben");
        var ledger = new SendLedger(Conversation);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Created, await ledger.SendAsync(anna, "anna", $"before {i}", $"before-{i}", AnswerBound));
        }

        // Ben waits on the feed; Anna and Ben keep sending while PostgreSQL goes away under them.
        var cursor = (await ben.GetChangesAsync(Conversation)).Cursor;
        var heldWait = ben.RequestChangesAsync(Conversation, cursor, wait: SampleProcess.HeldWaitSeconds);
        using var stopSending = new CancellationTokenSource();
        var refused = new[] { new TaskCompletionSource(), new TaskCompletionSource() };
        var senders = new[] { SendUntilStoppedAsync(anna, "anna", refused[0]), SendUntilStoppedAsync(ben, "ben", refused[1]) };
        await Task.Delay(500, TestContext.Current.CancellationToken);
        await postgres.StopAsync();

        // While it is down: a new wait, a history read and a send each answer 503 at once.
        var clock = Stopwatch.StartNew();
        using (var wait = await ben.RequestChangesAsync(Conversation, cursor, wait: SampleProcess.HeldWaitSeconds).WaitAsync(AnswerBound, TestContext.Current.CancellationToken))
        {
            await AssertStoreUnavailableAsync(wait);
        }

        using (var historyRead = await ben.GetAsync(ChatHttp.MessagesPath(Conversation), TestContext.Current.CancellationToken).WaitAsync(AnswerBound, TestContext.Current.CancellationToken))
        {
            await AssertStoreUnavailableAsync(historyRead);
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, await ledger.SendAsync(anna, "anna", "while down", "while-down", AnswerBound));
        using (var held = await heldWait.WaitAsync(AnswerBound, TestContext.Current.CancellationToken))
        {
            // It answered with the sends made before the stop, or found the store gone at its next read.
            if (held.StatusCode != HttpStatusCode.OK)
            {
                await AssertStoreUnavailableAsync(held);
            }
        }

        // The senders go on against the stopped server for a while, and at least until each has
        // been refused: a send begun before the stop may take its time to fail on a busy machine.
        var downtimeLeft = TimeSpan.FromSeconds(2) - clock.Elapsed;
        if (downtimeLeft > TimeSpan.Zero)
        {
            await Task.Delay(downtimeLeft, TestContext.Current.CancellationToken);
        }

        await Task.WhenAll(refused.Select(static r => r.Task)).WaitAsync(RecoveryBound, TestContext.Current.CancellationToken);
        await stopSending.CancelAsync();
        var outcomes = (await Task.WhenAll(senders)).SelectMany(o => o).ToList();
        Assert.DoesNotContain(null, outcomes);
        Assert.Contains(HttpStatusCode.ServiceUnavailable, outcomes.Cast<HttpStatusCode>());
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"Around the stop: {outcomes.Count(o => o == HttpStatusCode.Created)} sends acknowledged, {outcomes.Count(o => o == HttpStatusCode.ServiceUnavailable)} refused with 503.");
        ledger.AssertNoUnexpectedAnswers();

        // Back: the same process serves again on its own.
        await postgres.StartAgainAsync();
        await WaitUntilServingAsync(ben);
        Assert.Equal(HttpStatusCode.Created, await ledger.SendAsync(anna, "anna", "after", "after", AnswerBound));
        var changes = await ben.GetChangesAsync(Conversation, cursor);
        Assert.Contains(changes.Messages, m => m.ClientMessageId == "after");

        // Nothing half-written: every acknowledged message once, nothing else but whole sends.
        var history = await ledger.ReadHistoryAsync(ben);
        ledger.AssertHistory(history);
        Assert.Equal(history.Count, (await ben.GetConversationAsync(Conversation)).LastSeq);

        // A client that retries what was refused, with the same ids, ends with each message exactly once.
        await ledger.RetryUnacknowledgedAsync(user => Task.FromResult(user == "anna" ? anna : ben), AnswerBound);
        ledger.AssertHistory(await ledger.ReadHistoryAsync(ben), mustAllBeStored: true);

        async Task<List<HttpStatusCode?>> SendUntilStoppedAsync(HttpClient client, string user, TaskCompletionSource refusedOnce)
        {
            var outcomes = new List<HttpStatusCode?>();
            for (var i = 0; !stopSending.IsCancellationRequested; i++)
            {
                var clientMessageId = $"{user}-{i}";
                var outcome = await ledger.SendAsync(client, user, $"message {clientMessageId}", clientMessageId, AnswerBound);
                outcomes.Add(outcome);
                if (outcome == HttpStatusCode.ServiceUnavailable)
                {
                    refusedOnce.TrySetResult();
                }

                await Task.Delay(50, CancellationToken.None);
            }

            return outcomes;
        }
    }

    private static async Task AssertStoreUnavailableAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(SendLedger.IsStoreUnavailable(response, body), $"Expected 503 store_unavailable with Retry-After, got {(int)response.StatusCode} {response.Headers.RetryAfter}: {body}");
    }

    private static async Task WaitUntilServingAsync(HttpClient client)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var response = await client.GetAsync(ChatHttp.ConversationPath(Conversation), TestContext.Current.CancellationToken).WaitAsync(AnswerBound, TestContext.Current.CancellationToken);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            await AssertStoreUnavailableAsync(response);
            Assert.True(clock.Elapsed < RecoveryBound, $"The sample still answered 503 {RecoveryBound.TotalSeconds} s after PostgreSQL was back.");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }
}
