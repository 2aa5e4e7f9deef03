using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using BstChat.AspNetCore.Tests.Infrastructure;

namespace BstChat.Hardening.Tests.Fuzzing;

/// <summary>
/// Runs fuzz steps one after another against a live host on two fresh conversations, and checks
/// after every step: no 5xx and no hang; each answer is one the model allows; nothing of a
/// conversation reaches a non-member; history equals the acknowledged writes; and the change
/// feed after any cursor handed out is every message changed since, in change order.
/// </summary>
public sealed partial class FuzzRun
{
    private const string MissingConversation = "fuzz-no-such-conversation";

    /// <summary>A hang guard: no step waits on the feed, so every call answers at once; a held wait would last minutes.</summary>
    private static readonly TimeSpan AnswerBound = TimeSpan.FromMinutes(1);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly string[] MalformedIds = ["bad id!", new string('z', 65), "ünïcode", "a/b", "tab\tid", "%00"];

    private static int _runs;

    private readonly Func<FuzzUser, HttpClient> _clients;
    private readonly FuzzModel _model;
    private readonly List<string> _trail = [];
    private int _steps;

    private FuzzRun(Func<FuzzUser, HttpClient> clients, FuzzModel model)
    {
        _clients = clients;
        _model = model;
    }

    /// <summary>Creates the run's two conversations through the host API, as a host application would.</summary>
    public static async Task<FuzzRun> StartAsync(ChatTestHost host, Func<FuzzUser, HttpClient> clients)
    {
        var run = Interlocked.Increment(ref _runs);
        var first = new FuzzConversation($"fuzz-{run}-first", new Dictionary<string, MemberRole> { ["anna"] = MemberRole.Moderator, ["ben"] = MemberRole.Member });
        var second = new FuzzConversation($"fuzz-{run}-second", new Dictionary<string, MemberRole> { ["ben"] = MemberRole.Member, ["chloe"] = MemberRole.Member });
        await host.UseChatAsync(async chat =>
        {
            foreach (var conversation in new[] { first, second })
            {
                await chat.CreateConversationAsync(conversation.Id, $"Fuzz {conversation.Id}", TestContext.Current.CancellationToken);
                foreach (var (user, role) in conversation.Members)
                {
                    await chat.AddMemberAsync(conversation.Id, new ChatUser(user, user), role, TestContext.Current.CancellationToken);
                }
            }
        });
        return new FuzzRun(clients, new FuzzModel(first, second));
    }

    /// <summary>Runs the steps, failing at the first broken rule with the steps so far.</summary>
    public async Task<int> RunAsync(IReadOnlyList<FuzzStep> steps)
    {
        foreach (var step in steps)
        {
            _trail.Add(FuzzPrinter.Print(step));
            await RunStepAsync(step);
            await CheckConversationAsync(_model.Find(step.Target) ?? _model.First, step.Pick);
            _steps++;
        }

        return _steps;
    }

    private async Task RunStepAsync(FuzzStep step)
    {
        var conversation = _model.Find(step.Target);
        var conversationId = step.Target switch
        {
            FuzzTarget.First or FuzzTarget.Second => conversation!.Id,
            FuzzTarget.Missing => MissingConversation,
            _ => MalformedIds[step.Pick % MalformedIds.Length],
        };
        var user = UserId(step.User);
        var path = $"/chat/conversations/{Uri.EscapeDataString(conversationId)}";
        var member = conversation?.IsMember(user) == true;

        switch (step.Action)
        {
            case FuzzAction.Send:
                await SendAsync(step, conversation, path, user, member);
                break;
            case FuzzAction.Edit:
            case FuzzAction.Delete:
                await ChangeMessageAsync(step, conversation, path, user, member);
                break;
            case FuzzAction.History:
                await HistoryAsync(step, conversation, path, member);
                break;
            case FuzzAction.Changes:
                await ChangesAsync(step, conversation, path, member);
                break;
            case FuzzAction.Typing:
                await TypingAsync(step, conversation, path, member);
                break;
            case FuzzAction.MarkRead:
                await MarkReadAsync(step, conversation, path, user, member);
                break;
            case FuzzAction.Inbox:
                await InboxAsync(step, user);
                break;
            case FuzzAction.Conversation:
                await ConversationAsync(step, conversation, path, member);
                break;
            case FuzzAction.UserFeed:
                await UserFeedAsync(step, user);
                break;
            case FuzzAction.UserFeedWait:
                await UserFeedWaitAsync(step, user);
                break;
        }
    }

    private async Task SendAsync(FuzzStep step, FuzzConversation? conversation, string path, string? user, bool member)
    {
        var (text, clientId) = (step.Text, step.ClientId);
        FuzzMessage? replayOf = null;
        if (clientId == FuzzStep.ReuseId)
        {
            replayOf = conversation?.SentBy(user ?? "").ElementAtOrDefault(step.Pick % 8);
            clientId = replayOf?.ClientMessageId ?? FuzzStep.NewId;
            // Half the replays resend the same text, as a retrying client does.
            text = replayOf is { IsDeleted: false } && step.Pick % 2 == 0 ? replayOf.Text : text;
        }

        if (clientId == FuzzStep.NewId)
        {
            clientId = $"c{_steps}-{step.Pick}";
        }

        List<(string, string)> fields = [("text", FuzzBodies.Literal(text))];
        if (clientId is not null)
        {
            fields.Add(("clientMessageId", FuzzBodies.Literal(clientId)));
        }

        var body = FuzzBodies.Build(step.Body, fields, [("text", "12345"), ("clientMessageId", "[\"x\"]")], step.Pick);
        var validInput = FuzzModel.IsValidText(text) && (clientId is null || FuzzModel.IsValidId(clientId));
        // A replay must say what the message says now; a tombstone answers any replay.
        var success = replayOf is null ? 201 : replayOf.IsDeleted || replayOf.Text == text ? 200 : 409;
        var expected = Expect(step, body, member, conversation is not null, () =>
            !validInput ? FuzzExpectation.Exactly(400) : FuzzExpectation.Exactly(success));

        var (status, answer) = await CallAsync(step, expected, HttpMethod.Post, $"{path}/messages", body);
        if (status is 200 or 201)
        {
            var message = Read<ApiMessage>(answer);
            Require(message.SenderId == user, $"The message was stored as sent by {message.SenderId}.");
            Require(FuzzModel.IsValidText(message.Text) || (status == 200 && message.DeletedAt is not null), "An invalid text was stored.");
            if (status == 201)
            {
                Require(message.Seq == conversation!.LastSeq + 1 && message.ChangeSeq == message.Seq, $"A new message got seq {message.Seq}/{message.ChangeSeq} after {conversation.LastSeq}.");
                Require(message.Text == text, "The stored text is not the text sent.");
                conversation.Sent(message);
            }
            else
            {
                var original = conversation!.FindByClientId(user!, clientId!);
                Require(original is not null && original.Matches(message), $"A replay answered {message.Id} #{message.Seq}, not the original {original}.");
            }
        }
    }

    private async Task ChangeMessageAsync(FuzzStep step, FuzzConversation? conversation, string path, string? user, bool member)
    {
        var messages = conversation?.Messages ?? [];
        var target = messages.Count > 0 && step.Pick % 6 != 0 ? messages[step.Pick % messages.Count] : null;
        var messageId = target?.Id ?? (step.Pick % 3) switch { 0 => "no-such-message", 1 => MalformedIds[step.Pick % MalformedIds.Length], _ => "" };
        var messagePath = $"{path}/messages/{Uri.EscapeDataString(messageId)}";
        // A malformed message id may not even reach the endpoint (an empty one routes to the collection: 405).
        var malformedId = !FuzzModel.IsValidId(messageId);
        var role = conversation?.Members.GetValueOrDefault(user ?? "");

        if (step.Action == FuzzAction.Delete)
        {
            var expectedDelete = malformedId ? FuzzExpectation.Refusal : Expect(step, null, member, conversation is not null, () =>
                target is null ? FuzzExpectation.Exactly(404)
                : target.SenderId != user && role != MemberRole.Moderator ? FuzzExpectation.Exactly(403)
                : FuzzExpectation.Exactly(204));
            var (deleteStatus, _) = await CallAsync(step, expectedDelete, HttpMethod.Delete, messagePath, null);
            if (deleteStatus == 204)
            {
                if (!target!.IsDeleted)
                {
                    conversation!.Deleted(target);
                }
            }

            return;
        }

        var body = FuzzBodies.Build(step.Body, [("text", FuzzBodies.Literal(step.Text))], [("text", "{\"a\":1}")], step.Pick);
        var expected = malformedId ? FuzzExpectation.Refusal : Expect(step, body, member, conversation is not null, () =>
        {
            List<int> broken = [];
            broken.AddRange(target is null ? [404] : []);
            broken.AddRange(FuzzModel.IsValidText(step.Text) ? [] : [400]);
            broken.AddRange(target is not null && target.SenderId != user ? [403] : []);
            broken.AddRange(target is { IsDeleted: true } ? [409] : []);
            return broken.Count == 0 ? FuzzExpectation.Exactly(200) : FuzzExpectation.Refused(broken);
        });
        var (status, answer) = await CallAsync(step, expected, HttpMethod.Patch, messagePath, body);
        if (status == 200)
        {
            var edited = Read<ApiMessage>(answer);
            if (target!.Text == step.Text)
            {
                // The same text again changes nothing, so it takes no seq and wakes nobody.
                Require(target.Matches(edited), $"An edit to the same text answered a message unlike the model's {target}.");
                return;
            }

            Require(edited.ChangeSeq == conversation!.LastSeq + 1 && edited.Seq == target!.Seq, $"An edit of #{target!.Seq} got {edited.Seq}/{edited.ChangeSeq} after {conversation.LastSeq}.");
            Require(edited.Text == step.Text, "The edited text is not the text sent.");
            conversation.Edited(target, edited.Text);
            Require(target.Matches(edited), $"The edit answered a message unlike the model's {target}.");
        }
    }

    private async Task HistoryAsync(FuzzStep step, FuzzConversation? conversation, string path, bool member)
    {
        var lastSeq = conversation?.LastSeq ?? 0;
        var before = step.Query == FuzzStep.PickValue ? (1 + (step.Pick % (lastSeq + 2))).ToString(CultureInfo.InvariantCulture) : step.Query;
        var limit = step.Limit == FuzzStep.PickValue ? (1 + (step.Pick % 7)).ToString(CultureInfo.InvariantCulture) : step.Limit;
        var beforeSeq = before is null ? (long?)null : FuzzModel.ParseWhole(before, 18) is { } b && b >= 1 ? b : -1;
        var pageSize = limit is null ? FuzzModel.DefaultPageSize : FuzzModel.ParseWhole(limit, 9) is { } l && l is >= 1 and <= FuzzModel.MaxPageSize ? (int)l : -1;
        var expected = Expect(step, null, member, conversation is not null, () =>
            FuzzExpectation.Exactly(beforeSeq == -1 || pageSize == -1 ? 400 : 200));
        var (status, answer) = await CallAsync(step, expected, HttpMethod.Get, $"{path}/messages{QueryString(("before", before), ("limit", limit))}", null);
        if (status == 200)
        {
            var page = Read<ApiHistory>(answer);
            var older = conversation!.Messages.Where(m => beforeSeq is null || m.Seq < beforeSeq).ToList();
            var latest = older.Skip(Math.Max(0, older.Count - pageSize)).ToList();
            RequireSame(latest, page.Messages, $"history before {before} limit {limit}");
            Require(page.HasMore == older.Count > latest.Count, $"hasMore is {page.HasMore} with {older.Count - latest.Count} older messages.");
        }
    }

    private async Task ChangesAsync(FuzzStep step, FuzzConversation? conversation, string path, bool member)
    {
        var cursors = conversation?.Cursors ?? [];
        var cursor = step.Query == FuzzStep.PickValue ? (cursors.Count > 0 ? cursors[step.Pick % cursors.Count].Cursor : null) : step.Query;
        // A valid positive wait on a current cursor would hold the call; the fuzzer asks without waiting.
        var wait = step.Limit == FuzzStep.PickValue || FuzzModel.ParseWhole(step.Limit, 18) is > 0 ? "0" : step.Limit;
        var cursorSeq = FuzzModel.CursorSeq(cursor);
        var cursorBroken = cursor is not null && (cursorSeq is null || cursorSeq > (conversation?.LastSeq ?? 0));
        var waitBroken = wait is not null && FuzzModel.ParseWhole(wait, 18) is null;
        var expected = Expect(step, null, member, conversation is not null, () =>
            FuzzExpectation.Exactly(cursorBroken || waitBroken ? 400 : 200));
        var (status, answer) = await CallAsync(step, expected, HttpMethod.Get, $"{path}/changes{QueryString(("cursor", cursor), ("wait", wait))}", null);
        if (status == 200)
        {
            var changes = Read<ApiChanges>(answer);
            if (cursorSeq is { } seq)
            {
                CheckChangesAfter(conversation!, seq, changes);
            }

            conversation!.Cursors.Add((changes.Cursor, conversation.LastSeq));
        }
    }

    private async Task TypingAsync(FuzzStep step, FuzzConversation? conversation, string path, bool member)
    {
        // The body is ignored; only its content type counts.
        step = step with { Body = step.Body == FuzzBody.WrongContentType ? FuzzBody.WrongContentType : FuzzBody.Valid };
        var body = FuzzBodies.Build(step.Body, [], [], step.Pick);
        var expected = Expect(step, body, member, conversation is not null, () => FuzzExpectation.Exactly(204));
        await CallAsync(step, expected, HttpMethod.Post, $"{path}/typing", body);
    }

    private async Task MarkReadAsync(FuzzStep step, FuzzConversation? conversation, string path, string? user, bool member)
    {
        var lastSeq = conversation?.LastSeq ?? 0;
        var seqJson = step.Query switch
        {
            FuzzStep.PickValue => (step.Pick % (lastSeq + 2)).ToString(CultureInfo.InvariantCulture),
            null => "null",
            { } raw when long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) => raw,
            { } raw => FuzzBodies.Literal(raw),
        };
        var seq = long.TryParse(seqJson, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) ? parsed : (long?)null;
        var body = FuzzBodies.Build(step.Body, [("seq", seqJson)], [("seq", "\"5\"")], step.Pick);
        var expected = Expect(step, body, member, conversation is not null, () =>
            seq is { } s && s >= 0 && s <= lastSeq ? FuzzExpectation.Exactly(204) : FuzzExpectation.Exactly(400));
        var (status, _) = await CallAsync(step, expected, HttpMethod.Post, $"{path}/read", body);
        if (status == 204)
        {
            conversation!.ReadMarkers[user!] = Math.Max(conversation.ReadMarkers[user!], seq!.Value);
        }
    }

    private async Task InboxAsync(FuzzStep step, string? user)
    {
        var (status, answer) = await CallAsync(step, FuzzExpectation.Exactly(user is null ? 401 : 200), HttpMethod.Get, "/chat/conversations", null);
        if (status != 200)
        {
            return;
        }

        var inbox = Read<ApiInboxWithMarkers>(answer);
        foreach (var conversation in new[] { _model.First, _model.Second })
        {
            var entry = inbox.Conversations.SingleOrDefault(c => c.Id == conversation.Id);
            Require((entry is not null) == conversation.IsMember(user), $"{user}'s inbox {(entry is null ? "lacks" : "shows")} {conversation.Id}.");
            if (entry is not null)
            {
                Require(entry.LastSeq == conversation.LastSeq && entry.LastReadSeq == conversation.ReadMarkers[user!],
                    $"The inbox shows {conversation.Id} at {entry.LastSeq} read to {entry.LastReadSeq}; the model has {conversation.LastSeq} and {conversation.ReadMarkers[user!]}.");
            }
        }
    }

    private async Task ConversationAsync(FuzzStep step, FuzzConversation? conversation, string path, bool member)
    {
        var expected = Expect(step, null, member, conversation is not null, () => FuzzExpectation.Exactly(200));
        var (status, answer) = await CallAsync(step, expected, HttpMethod.Get, path, null);
        if (status == 200)
        {
            var details = Read<ApiConversation>(answer);
            Require(details.LastSeq == conversation!.LastSeq, $"The conversation is at {details.LastSeq}; the model at {conversation.LastSeq}.");
            Require(details.Members.Count == conversation.Members.Count
                && details.Members.All(m => conversation.ReadMarkers.TryGetValue(m.UserId, out var read) && read == m.LastReadSeq),
                $"Members and read markers differ: {string.Join(", ", details.Members.Select(m => $"{m.UserId}@{m.LastReadSeq}"))}.");
        }
    }

    /// <summary>The checks after every step: history is the model, and the feed after a cursor handed out is the model's changes since.</summary>
    private async Task CheckConversationAsync(FuzzConversation conversation, int pick)
    {
        var reader = conversation == _model.First ? FuzzUser.Anna : FuzzUser.Chloe;
        var history = Read<ApiHistory>(await GetOkAsync(reader, $"/chat/conversations/{conversation.Id}/messages?limit={FuzzModel.MaxPageSize}"));
        RequireSame(conversation.Messages, history.Messages, "history");

        var (cursor, seq) = conversation.Cursors.Count > 0 ? conversation.Cursors[pick % conversation.Cursors.Count] : ("0.0", 0);
        var changes = Read<ApiChanges>(await GetOkAsync(reader, $"/chat/conversations/{conversation.Id}/changes?cursor={Uri.EscapeDataString(cursor)}"));
        CheckChangesAfter(conversation, seq, changes);
        conversation.Cursors.Add((changes.Cursor, conversation.LastSeq));
    }

    /// <summary>The change-feed rule: after seq n come exactly the messages whose changeSeq is above n, in changeSeq order, current state.</summary>
    private void CheckChangesAfter(FuzzConversation conversation, long seq, ApiChanges changes)
    {
        var expected = conversation.Messages.Where(m => m.ChangeSeq > seq).OrderBy(m => m.ChangeSeq).ToList();
        RequireSame(expected, changes.Messages, $"changes after {seq}");
        Require(FuzzModel.CursorSeq(changes.Cursor) == conversation.LastSeq, $"The feed's cursor {changes.Cursor} is not at {conversation.LastSeq}.");
    }

    /// <summary>
    /// The rules every call meets whatever its input: nobody signed in gets 401; a malformed
    /// conversation id or a non-member gets a refusal; a wrong content type 415, a body over the
    /// cap 413, a body that is not the expected JSON 400; otherwise what <paramref name="whenWellFormed"/> says.
    /// </summary>
    private static FuzzExpectation Expect(FuzzStep step, (byte[] Bytes, string ContentType)? body, bool member, bool exists, Func<FuzzExpectation> whenWellFormed)
    {
        FuzzExpectation expected;
        if (step.User == FuzzUser.Anonymous)
        {
            expected = step.Target == FuzzTarget.Malformed ? FuzzExpectation.Refusal : FuzzExpectation.Exactly(401);
        }
        else if (body is { ContentType: not "application/json" })
        {
            expected = step.Target == FuzzTarget.Malformed ? FuzzExpectation.Refusal : FuzzExpectation.Exactly(415);
        }
        else if (body is { } sized && sized.Bytes.Length > FuzzModel.MaxRequestBodyBytes)
        {
            expected = step.Target == FuzzTarget.Malformed ? FuzzExpectation.Refusal : FuzzExpectation.Exactly(413);
        }
        else if (step.Target == FuzzTarget.Malformed || !exists || !member)
        {
            // Refused, without saying whether the conversation exists; 404 when nothing else is wrong.
            expected = FuzzExpectation.Refusal;
        }
        else if (body is not null && step.Body is FuzzBody.WrongTypes or FuzzBody.NullValue or FuzzBody.NotJson or FuzzBody.InvalidUtf8)
        {
            expected = FuzzExpectation.Exactly(400);
        }
        else
        {
            expected = whenWellFormed();
            if (body is not null && step.Body is FuzzBody.ExtraFields or FuzzBody.DeepNesting or FuzzBody.DuplicateKeys)
            {
                expected = expected.OrRefusedAsMalformed();
            }
        }

        return expected;
    }

    private async Task<(int Status, string Body)> CallAsync(FuzzStep step, FuzzExpectation expected, HttpMethod method, string path, (byte[] Bytes, string ContentType)? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is { } content)
        {
            request.Content = new ByteArrayContent(content.Bytes);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(content.ContentType);
        }

        HttpResponseMessage response;
        try
        {
            response = await _clients(step.User).SendAsync(request, TestContext.Current.CancellationToken).WaitAsync(AnswerBound, TestContext.Current.CancellationToken);
        }
        catch (TimeoutException)
        {
            throw Failure($"{method} {path} did not answer within {AnswerBound.TotalSeconds} s.");
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Require(status < 500, $"{method} {path} answered {status}: {text}");
            Require(expected.Allows(status),
                $"{method} {path} answered {status}, but the model allows {(expected.Status?.ToString(CultureInfo.InvariantCulture) ?? "a 4xx")}{(expected.OrBadRequest ? " or 400" : "")}: {text}");
            var conversation = _model.Find(step.Target);
            if (step.Action is not (FuzzAction.Inbox or FuzzAction.UserFeed or FuzzAction.UserFeedWait) && conversation is not null && !conversation.IsMember(UserId(step.User)))
            {
                Require(status >= 400, $"{step.User} is no member of {conversation.Id} yet got {status}.");
                Require(!conversation.Messages.Any(m => text.Contains(m.Id, StringComparison.Ordinal)), $"A refusal to {step.User} names a message of {conversation.Id}.");
            }

            if (status >= 400 && status != 405 && text.Length > 0)
            {
                Require(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"A {status} is not problem details: {text}");
            }

            return (status, text);
        }
    }

    private async Task<string> GetOkAsync(FuzzUser user, string path)
    {
        using var response = await _clients(user).GetAsync(path, TestContext.Current.CancellationToken).WaitAsync(AnswerBound, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Require((int)response.StatusCode == 200, $"GET {path} answered {(int)response.StatusCode}: {text}");
        return text;
    }

    private void RequireSame(List<FuzzMessage> expected, List<ApiMessage> actual, string what) =>
        Require(expected.Count == actual.Count && expected.Zip(actual).All(pair => pair.First.Matches(pair.Second)),
            $"The {what} differs from the acknowledged writes.\n  model: {string.Join("; ", expected)}\n  API:   {string.Join("; ", actual.Select(m => $"#{m.Seq}/{m.ChangeSeq} {m.Id} by {m.SenderId}{(m.DeletedAt is null ? "" : " deleted")}{(m.EditedAt is null ? "" : " edited")} \"{FuzzPrinter.Shorten(m.Text)}\""))}");

    private void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw Failure(message);
        }
    }

    private Xunit.Sdk.XunitException Failure(string message) =>
        new($"{message}\nSteps of this run ({_model.First.Id}, {_model.Second.Id}):\n{string.Join('\n', _trail.Select((s, i) => $"  {i + 1,3}. {s}"))}");

    private static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Json) ?? throw new InvalidOperationException("JSON null.");

    private static string? UserId(FuzzUser user) => user == FuzzUser.Anonymous ? null : user.ToString().ToLowerInvariant();

    private static string QueryString(params (string Name, string? Value)[] parameters)
    {
        var present = parameters.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return present.Count == 0 ? "" : "?" + string.Join('&', present);
    }

    /// <summary>An inbox entry with the caller's read marker (see design notes).</summary>
    private sealed record ApiInboxWithMarkers(List<ApiInboxEntryWithMarker> Conversations);

    private sealed record ApiInboxEntryWithMarker(string Id, long LastSeq, long LastReadSeq);
}
