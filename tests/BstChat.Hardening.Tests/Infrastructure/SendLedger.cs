using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BstChat.AspNetCore.Tests.Infrastructure;

namespace BstChat.Hardening.Tests.Infrastructure;

/// <summary>
/// Sends messages through faults and remembers each answer, so the history can be checked
/// against them afterwards: every message acknowledged (201, or 200 for a replay) is stored
/// exactly once, and nothing is stored that was not sent whole.
/// </summary>
public sealed class SendLedger(string conversationId)
{
    private readonly ConcurrentDictionary<SentKey, string> _texts = new();
    private readonly ConcurrentDictionary<SentKey, long> _acknowledged = new();
    private readonly ConcurrentQueue<string> _unexpected = new();

    /// <summary>Acknowledged sends and the seq each was given.</summary>
    public IReadOnlyDictionary<SentKey, long> Acknowledged => _acknowledged;

    /// <summary>Sends not acknowledged (yet), oldest id first.</summary>
    public IReadOnlyList<SentKey> Unacknowledged =>
        [.. _texts.Keys.Except(_acknowledged.Keys).OrderBy(k => k.Sender, StringComparer.Ordinal).ThenBy(k => k.ClientMessageId, StringComparer.Ordinal)];

    /// <summary>Sends an earlier message again, same text and same client message id, as its sender's client retries.</summary>
    /// <param name="client">A client signed in as the message's sender.</param>
    public Task<HttpStatusCode?> RetryAsync(HttpClient client, SentKey sent, TimeSpan bound) =>
        SendAsync(client, sent.Sender, _texts[sent], sent.ClientMessageId, bound);

    /// <summary>
    /// Sends <paramref name="text"/> with <paramref name="clientMessageId"/> and records the answer.
    /// Returns the status, or <see langword="null"/> when no answer came (connection lost).
    /// Any answer other than 201, 200 or 503 <c>store_unavailable</c> with Retry-After is kept as unexpected.
    /// </summary>
    /// <param name="client">A client signed in as <paramref name="sender"/>.</param>
    public async Task<HttpStatusCode?> SendAsync(HttpClient client, string sender, string text, string clientMessageId, TimeSpan bound)
    {
        var key = new SentKey(sender, clientMessageId);
        _texts[key] = text;
        HttpResponseMessage response;
        try
        {
            response = await client
                .PostAsJsonAsync(ChatHttp.MessagesPath(conversationId), new { text, clientMessageId }, TestContext.Current.CancellationToken)
                .WaitAsync(bound, TestContext.Current.CancellationToken);
        }
        catch (TimeoutException)
        {
            _unexpected.Enqueue($"{key}: no answer within {bound.TotalSeconds} s");
            return null;
        }
        catch (HttpRequestException)
        {
            return null;
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            switch (response.StatusCode)
            {
                case HttpStatusCode.Created or HttpStatusCode.OK:
                    using (var message = JsonDocument.Parse(body))
                    {
                        _acknowledged[key] = message.RootElement.GetProperty("seq").GetInt64();
                    }

                    break;
                case HttpStatusCode.ServiceUnavailable when IsStoreUnavailable(response, body):
                    break;
                default:
                    _unexpected.Enqueue($"{key}: {(int)response.StatusCode} {body}");
                    break;
            }

            return response.StatusCode;
        }
    }

    /// <summary>
    /// Sends every unacknowledged message again, each by its sender's client, as their outboxes
    /// would, and asserts each is now acknowledged (201, or 200 when the first attempt was stored after all).
    /// </summary>
    public async Task RetryUnacknowledgedAsync(Func<string, Task<HttpClient>> clientOf, TimeSpan bound)
    {
        var clients = new Dictionary<string, HttpClient>();
        foreach (var sent in Unacknowledged)
        {
            if (!clients.TryGetValue(sent.Sender, out var client))
            {
                clients[sent.Sender] = client = await clientOf(sent.Sender);
            }

            var status = await RetryAsync(client, sent, bound);
            Assert.True(status is HttpStatusCode.Created or HttpStatusCode.OK, $"The retry of {sent} answered {status}.");
        }

        AssertNoUnexpectedAnswers();
    }

    /// <summary>Fails with every answer that was neither a success nor a proper 503.</summary>
    public void AssertNoUnexpectedAnswers() =>
        Assert.True(_unexpected.IsEmpty, "Unexpected answers:\n" + string.Join('\n', _unexpected));

    /// <summary>
    /// Checks the stored history (all of it, oldest first): seqs 1, 2, 3… without gaps, each
    /// acknowledged message exactly once at the seq its answer gave, every stored message one that
    /// was sent, with its text whole, and none stored twice.
    /// </summary>
    /// <param name="mustAllBeStored">Whether every message sent, acknowledged or not, must be stored (all were retried until acknowledged).</param>
    public void AssertHistory(IReadOnlyList<ApiMessage> history, bool mustAllBeStored = false)
    {
        Assert.Equal(Enumerable.Range(1, history.Count).Select(i => (long)i), history.Select(m => m.Seq));
        var stored = history.GroupBy(m => new SentKey(m.SenderId, m.ClientMessageId ?? "")).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var (sent, copies) in stored)
        {
            Assert.True(copies.Count == 1, $"{sent} is stored {copies.Count} times.");
            Assert.True(_texts.TryGetValue(sent, out var text), $"{sent} is stored but was never sent.");
            Assert.Equal(text, copies[0].Text);
        }

        foreach (var (sent, seq) in _acknowledged)
        {
            Assert.True(stored.TryGetValue(sent, out var copies), $"{sent} was acknowledged with seq {seq} but is not stored.");
            Assert.Equal(seq, copies[0].Seq);
        }

        if (mustAllBeStored)
        {
            Assert.Empty(_texts.Keys.Except(stored.Keys));
        }
    }

    /// <summary>
    /// The whole history of the conversation, oldest first, page by page: how many sends a burst
    /// gets in before the kill depends on the machine's speed, so it may be more than one page.
    /// </summary>
    public async Task<IReadOnlyList<ApiMessage>> ReadHistoryAsync(HttpClient client)
    {
        var messages = new List<ApiMessage>();
        long? before = null;
        while (true)
        {
            var query = before is { } seq ? $"?limit=200&before={seq}" : "?limit=200";
            using var response = await client.GetAsync($"{ChatHttp.MessagesPath(conversationId)}{query}", TestContext.Current.CancellationToken);
            var page = await response.ReadAsync<ApiHistory>(HttpStatusCode.OK);
            messages.InsertRange(0, page.Messages);
            if (!page.HasMore || page.Messages.Count == 0)
            {
                return messages;
            }

            before = page.Messages[0].Seq;
        }
    }

    /// <summary>One send: who sent it, with which client message id (unique per sender and conversation).</summary>
    public sealed record SentKey(string Sender, string ClientMessageId);

    /// <summary>A 503 as the design promises it: problem details with <c>store_unavailable</c> and a Retry-After.</summary>
    public static bool IsStoreUnavailable(HttpResponseMessage response, string body)
    {
        if (response.StatusCode != HttpStatusCode.ServiceUnavailable
            || response.Headers.RetryAfter?.Delta is not { } retryAfter || retryAfter <= TimeSpan.Zero
            || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return false;
        }

        using var problem = JsonDocument.Parse(body);
        return problem.RootElement.TryGetProperty("code", out var code) && code.GetString() == ChatErrorCodes.StoreUnavailable;
    }
}
