using BstChat.Hardening.Tests.Infrastructure;

namespace BstChat.Hardening.Tests.Faults;

/// <summary>
/// The sample process killed with SIGKILL in the middle of a burst of sends: after a restart on
/// the same store every message acknowledged with 201 is there, exactly once, in seq order, and
/// nothing is stored half-written.
/// </summary>
public sealed class SampleKilledTests
{
    private const string Conversation = "lesson-1";
    private const int Senders = 4;

    /// <summary>Enough acknowledged sends that the kill lands while others are in flight.</summary>
    private const int AcknowledgedBeforeKill = 40;

    private static readonly TimeSpan AnswerBound = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Killed_during_a_burst_of_sends_on_SQLite_it_restarts_with_every_acknowledged_message_once_in_order()
    {
        using var file = new TemporarySqliteFile();
        await KillDuringBurstAndRestartAsync(() => SampleProcess.OnSqliteAsync(file));
        await file.AssertIntegrityAsync();
    }

    [Fact]
    public async Task Killed_during_a_burst_of_sends_on_PostgreSQL_it_restarts_with_every_acknowledged_message_once_in_order()
    {
        await using var postgres = await PrivatePostgres.StartAsync();
        await KillDuringBurstAndRestartAsync(() => SampleProcess.OnPostgresAsync(postgres));
    }

    private static async Task KillDuringBurstAndRestartAsync(Func<Task<SampleInstance>> startSample)
    {
        var ledger = new SendLedger(Conversation);
        await using (var sample = await startSample())
        {
            var users = new[] { "anna", "ben", "chloe", "anna" };
            var clients = new List<HttpClient>();
            foreach (var user in users)
            {
                clients.Add(await sample.SignInAsync(user));
            }

            using var killed = new CancellationTokenSource();
            var senders = Enumerable.Range(0, Senders).Select(sender => SendUntilKilledAsync(clients[sender], users[sender], $"s{sender}")).ToList();
            while (ledger.Acknowledged.Count < AcknowledgedBeforeKill && senders.All(s => !s.IsCompleted))
            {
                await Task.Delay(5, TestContext.Current.CancellationToken);
            }

            await sample.KillAsync();
            await killed.CancelAsync();
            await Task.WhenAll(senders);

            async Task SendUntilKilledAsync(HttpClient client, string user, string sender)
            {
                for (var i = 0; !killed.IsCancellationRequested; i++)
                {
                    if (await ledger.SendAsync(client, user, $"burst {sender}.{i}", $"{sender}-{i}", AnswerBound) is null)
                    {
                        return;
                    }
                }
            }
        }

        ledger.AssertNoUnexpectedAnswers();
        Assert.True(ledger.Acknowledged.Count >= AcknowledgedBeforeKill);
        Assert.NotEmpty(ledger.Unacknowledged);

        await using var restarted = await startSample();
        var ben = await restarted.SignInAsync("ben");
        ledger.AssertHistory(await ledger.ReadHistoryAsync(ben));

        // The senders' outboxes retry what had no answer, with the same ids: each is stored once.
        await ledger.RetryUnacknowledgedAsync(restarted.SignInAsync, AnswerBound);
        ledger.AssertHistory(await ledger.ReadHistoryAsync(ben), mustAllBeStored: true);
    }
}
