using System.Text.Json;
using BstChat.AspNetCore.Tests.Infrastructure;

namespace BstChat.Hardening.Tests.Fuzzing;

/// <summary>
/// The user feed (<c>GET /chat/changes</c>) in a fuzz run: polled with the caller's own cursors,
/// other users' cursors, garbage and none, and held until another member's send wakes it. Every
/// answer is checked against the model: nothing of a conversation the caller is not in; each
/// conversation's messages exactly its changes after <c>afterSeq</c> through <c>throughSeq</c>,
/// in change order; each change once along a cursor chain (an answer starts where its cursor
/// stood) and none missed; refusals are problem details with the stable code.
/// </summary>
public sealed partial class FuzzRun
{
    /// <summary>A wait held until a send wakes it: far beyond <see cref="AnswerBound"/>, so only the send answers it in time.</summary>
    private const string HeldWaitSeconds = "300";

    /// <summary>
    /// Whether the user is in the conversation: the host's seed (<see cref="ChatSeed"/>) and every
    /// run's two conversations so far (the host is shared by the runs), told by their ids.
    /// </summary>
    private static bool IsInConversation(string user, string conversationId) => conversationId switch
    {
        ChatSeed.Lesson => user is "anna" or "ben" or "chloe",
        ChatSeed.AnnaBen => user is "anna" or "ben",
        _ when !conversationId.StartsWith("fuzz-", StringComparison.Ordinal) => false,
        _ when conversationId.EndsWith("-first", StringComparison.Ordinal) => user is "anna" or "ben",
        _ => conversationId.EndsWith("-second", StringComparison.Ordinal) && user is "ben" or "chloe",
    };

    /// <summary>Whom each user shares a conversation with: the only users their presence may show.</summary>
    private static readonly Dictionary<string, string[]> Contacts = new(StringComparer.Ordinal)
    {
        ["anna"] = ["ben", "chloe"],
        ["ben"] = ["anna", "chloe"],
        ["chloe"] = ["anna", "ben"],
        ["mallory"] = [],
    };

    private async Task UserFeedAsync(FuzzStep step, string? user)
    {
        var from = PickUserCursor(step, user);
        var cursor = from?.Cursor ?? (step.Query == FuzzStep.PickValue ? null : step.Query);
        var ours = UserCursor.TryParse(cursor, out _);
        // A valid positive wait on a current cursor would hold the call: only where it answers at once.
        var wait = FuzzModel.ParseWhole(step.Limit, 18) is > 0 && cursor is not null && ours && from?.Owner == user ? "0"
            : step.Limit == FuzzStep.PickValue ? "0" : step.Limit;
        await PollUserFeedAsync(step, user, cursor, wait, from);
    }

    /// <summary>Polls for the caller's current cursor, holds a request on it, sends as another member, and checks the answer carries the send.</summary>
    private async Task UserFeedWaitAsync(FuzzStep step, string? user)
    {
        var (sender, conversation) = user switch
        {
            "anna" => ("ben", _model.First),
            "ben" => step.Pick % 2 == 0 ? ("anna", _model.First) : ("chloe", _model.Second),
            "chloe" => ("ben", _model.Second),
            _ => (null, null),
        };
        var current = await PollUserFeedAsync(step, user, null, "0", from: null);
        if (sender is null || current is null)
        {
            return;
        }

        var held = step with { Query = null };
        var waiting = CallAsync(held, FuzzExpectation.Exactly(200), HttpMethod.Get,
            $"/chat/changes?cursor={Uri.EscapeDataString(current.Cursor)}&wait={HeldWaitSeconds}", null);
        var send = step with
        {
            Action = FuzzAction.Send,
            User = Enum.Parse<FuzzUser>(sender, ignoreCase: true),
            Target = conversation == _model.First ? FuzzTarget.First : FuzzTarget.Second,
        };
        var body = FuzzBodies.Build(FuzzBody.Valid, [("text", FuzzBodies.Literal($"wake {_steps}"))], [], step.Pick);
        var (_, sentAnswer) = await CallAsync(send, FuzzExpectation.Exactly(201), HttpMethod.Post, $"/chat/conversations/{conversation!.Id}/messages", body);
        var message = Read<ApiMessage>(sentAnswer);
        Require(message.Seq == conversation.LastSeq + 1, $"The waking send got seq {message.Seq} after {conversation.LastSeq}.");

        var answer = Read<ApiUserChanges>((await waiting).Body);
        // A typing entry expiring, a contact's presence running out or a send of a run beside this one
        // (the runs share the host) may end the wait before the send: the answer is then of the model
        // before it, and carries no message of this run.
        var carried = answer.Messages.Any(m => m.Id == message.Id);
        if (carried)
        {
            conversation.Sent(message);
        }

        CheckUserFeed(user!, current, answer);
        if (!carried)
        {
            Require(!answer.Messages.Any(m => m.ConversationId == conversation.Id), $"A held user feed answered with messages but not the send that woke it ({message.Id} in {conversation.Id}): {string.Join("; ", answer.Messages.Select(m => $"{m.ConversationId} #{m.Seq}/{m.ChangeSeq} {m.Id} \"{m.Text}\""))}.");
            conversation.Sent(message);
        }
    }

    /// <summary>A cursor from the model: mostly one of the caller's, sometimes anyone's (another user's is refused).</summary>
    private FuzzUserCursor? PickUserCursor(FuzzStep step, string? user)
    {
        if (step.Query != FuzzStep.PickValue || _model.UserCursors.Count == 0)
        {
            return null;
        }

        var own = _model.UserCursors.Where(c => c.Owner == user).ToList();
        return own.Count > 0 && step.Pick % 5 != 0 ? own[step.Pick % own.Count] : _model.UserCursors[step.Pick % _model.UserCursors.Count];
    }

    /// <summary>One call of the user feed, its refusal or its answer checked; the cursor it hands out joins the model.</summary>
    private async Task<FuzzUserCursor?> PollUserFeedAsync(FuzzStep step, string? user, string? cursor, string? wait, FuzzUserCursor? from)
    {
        var refusedCode = user is null ? null
            : cursor is not null && !UserCursor.TryParse(cursor, out _) ? ChatErrorCodes.InvalidCursor
            : wait is not null && FuzzModel.ParseWhole(wait, 18) is null ? ChatErrorCodes.InvalidWait
            : cursor is not null && from?.Owner != user ? ChatErrorCodes.InvalidCursor
            : null;
        var expected = FuzzExpectation.Exactly(user is null ? 401 : refusedCode is null ? 200 : 400);
        var (status, text) = await CallAsync(step, expected, HttpMethod.Get, $"/chat/changes{QueryString(("cursor", cursor), ("wait", wait))}", null);
        if (status == 400)
        {
            var code = JsonDocument.Parse(text).RootElement.GetProperty("code").GetString();
            Require(code == refusedCode, $"The user feed refused with code {code}, not {refusedCode}: {text}");
        }

        return status == 200 ? CheckUserFeed(user!, from, Read<ApiUserChanges>(text)) : null;
    }

    /// <summary>Checks one answer of the user feed to <paramref name="from"/> (<see langword="null"/>: no cursor) and records its cursor.</summary>
    private FuzzUserCursor CheckUserFeed(string user, FuzzUserCursor? from, ApiUserChanges answer)
    {
        var what = $"{user}'s user feed after {(from is null ? "no cursor" : "a cursor")}";
        Require(answer.Removed.Count == 0, $"{what} announced removals ({string.Join(", ", answer.Removed)}), yet nobody left.");
        var named = answer.Messages.Select(m => m.ConversationId).Concat(answer.Conversations.Select(c => c.Id)).Concat(answer.Typing.Select(t => t.ConversationId));
        var foreign = named.Where(id => !IsInConversation(user, id)).Distinct().ToList();
        Require(foreign.Count == 0, $"{what} shows something of {string.Join(", ", foreign)}, which {user} is not in.");
        var unlisted = answer.ReadMarkers.Where(r => !answer.Conversations.Any(c => c.Id == r.ConversationId)).Select(r => r.ConversationId).Distinct().ToList();
        Require(unlisted.Count == 0, $"{what} carries read markers of {string.Join(", ", unlisted)}, which it does not list.");
        Require(answer.Presence.All(p => Contacts[user].Contains(p.UserId)), $"{what} shows presence of {string.Join(", ", answer.Presence.Select(p => p.UserId))}, not {user}'s contacts.");
        Require(answer.Conversations.Select(c => c.Id).Distinct().Count() == answer.Conversations.Count, $"{what} lists a conversation twice.");
        foreach (var group in answer.Messages.GroupBy(m => m.ConversationId))
        {
            var entry = answer.Conversations.SingleOrDefault(c => c.Id == group.Key);
            var seqs = group.Select(m => m.ChangeSeq).ToList();
            Require(entry is { HasMore: false, AfterSeq: { } after } && seqs.All(s => s > after && s <= entry.ThroughSeq) && seqs.SequenceEqual(seqs.Order().Distinct()),
                $"{what} carries messages of {group.Key} ({string.Join(", ", seqs)}) outside its entry's (afterSeq, throughSeq] or out of change order.");
        }

        Require(from is not null || answer.Messages.Count == 0, $"{what} carries messages.");
        var positions = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var conversation in new[] { _model.First, _model.Second }.Where(c => c.IsMember(user)))
        {
            var entry = answer.Conversations.SingleOrDefault(c => c.Id == conversation.Id);
            var at = from?.Positions.GetValueOrDefault(conversation.Id);
            if (entry is null)
            {
                Require(from is not null, $"{what} does not list {conversation.Id}.");
                Require(answer.HasMore || at == conversation.LastSeq, $"{what} does not list {conversation.Id}, at {conversation.LastSeq} in the model but {at} in the cursor: a change is missed.");
                positions[conversation.Id] = at!.Value;
                continue;
            }

            Require(entry.LastSeq == conversation.LastSeq && entry.LastReadSeq == conversation.ReadMarkers[user],
                $"{what} shows {conversation.Id} at {entry.LastSeq} read to {entry.LastReadSeq}; the model has {conversation.LastSeq} and {conversation.ReadMarkers[user]}.");
            // All of it, unless the answer is full (the rest comes next).
            Require(entry.ThroughSeq == conversation.LastSeq || (answer.HasMore && entry.ThroughSeq < conversation.LastSeq),
                $"{what} moves {conversation.Id} to {entry.ThroughSeq}, not to its last change {conversation.LastSeq}.");
            if (from is null)
            {
                Require(entry is { HasMore: false } && entry.AfterSeq == conversation.LastSeq, $"{what} lists {conversation.Id} from {entry.AfterSeq}, not at its head.");
            }
            else if (!entry.HasMore)
            {
                // Starts where the cursor stood: nothing twice, nothing skipped.
                Require(entry.AfterSeq == at, $"{what} gives {conversation.Id} after {entry.AfterSeq}; the cursor stood at {at}.");
                RequireSame([.. conversation.Messages.Where(m => m.ChangeSeq > at && m.ChangeSeq <= entry.ThroughSeq).OrderBy(m => m.ChangeSeq)],
                    [.. answer.Messages.Where(m => m.ConversationId == conversation.Id)], $"{what}'s messages of {conversation.Id}");
            }

            positions[conversation.Id] = entry.ThroughSeq;
        }

        var issued = new FuzzUserCursor(user, answer.Cursor, positions);
        _model.UserCursors.Add(issued);
        return issued;
    }

    private sealed record ApiUserChanges(
        string Cursor,
        List<ApiMessage> Messages,
        List<ApiFeedConversation> Conversations,
        List<string> Removed,
        List<ApiConversationTyping> Typing,
        List<ApiConversationReadMarker> ReadMarkers,
        List<ApiPresence> Presence,
        bool HasMore,
        long PollAfterMs);

    private sealed record ApiFeedConversation(string Id, long LastSeq, long LastReadSeq, long? AfterSeq, long ThroughSeq, bool HasMore);

    private sealed record ApiConversationTyping(string ConversationId, string UserId);

    private sealed record ApiConversationReadMarker(string ConversationId, string UserId, long LastReadSeq);

    private sealed record ApiPresence(string UserId, bool Online);
}
