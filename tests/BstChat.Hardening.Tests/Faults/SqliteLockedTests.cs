using System.Net;
using BstChat.AspNetCore.Tests.Infrastructure;
using BstChat.Hardening.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace BstChat.Hardening.Tests.Faults;

/// <summary>
/// The sample's SQLite file locked by another process (this test's, holding a write
/// transaction): sends are retried, then answered 503 with nothing written; reads go on (WAL);
/// once the lock is gone sends work again, and the file passes SQLite's integrity check.
/// </summary>
public sealed class SqliteLockedTests
{
    private const string Conversation = "lesson-1";

    /// <summary>Each statement of the sample waits this long for the lock; the store tries four times.</summary>
    private const int BusyTimeoutSeconds = 1;

    private static readonly TimeSpan AnswerBound = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Sends_into_a_file_locked_by_another_process_are_retried_then_refused_with_503_and_work_again_once_it_is_released()
    {
        using var file = new TemporarySqliteFile();
        await using (var sample = await SampleProcess.OnSqliteAsync(file, BusyTimeoutSeconds, logLevel: "Debug"))
        {
            var anna = await sample.SignInAsync("anna");
            var ledger = new SendLedger(Conversation);
            Assert.Equal(HttpStatusCode.Created, await ledger.SendAsync(anna, "anna", "before the lock", "before", AnswerBound));

            await using (var holder = await file.OpenAsync())
            {
                await using (var begin = new SqliteCommand("BEGIN EXCLUSIVE", holder))
                {
                    await begin.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
                }

                Assert.Equal(HttpStatusCode.ServiceUnavailable, await ledger.SendAsync(anna, "anna", "while locked", "locked", AnswerBound));
                ledger.AssertNoUnexpectedAnswers();
                Assert.Contains("Store contention during", sample.Output, StringComparison.Ordinal);

                // Readers never wait for the writer.
                Assert.Equal(["before the lock"], (await ledger.ReadHistoryAsync(anna)).Select(m => m.Text));

                await using var rollback = new SqliteCommand("ROLLBACK", holder);
                await rollback.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
            }

            Assert.Equal(HttpStatusCode.Created, await ledger.SendAsync(anna, "anna", "after the lock", "after", AnswerBound));
            ledger.AssertHistory(await ledger.ReadHistoryAsync(anna));
            Assert.Equal(HttpStatusCode.Created, await ledger.RetryAsync(anna, new SendLedger.SentKey("anna", "locked"), AnswerBound));
            ledger.AssertHistory(await ledger.ReadHistoryAsync(anna), mustAllBeStored: true);
            Assert.Equal(3, (await anna.GetConversationAsync(Conversation)).LastSeq);
        }

        await file.AssertIntegrityAsync();
    }
}
