using BstChat.Presence;
using BstChat.Services;
using BstChat.Storage;
using Microsoft.Extensions.Options;

namespace BstChat.Feed;

/// <summary>
/// One read of the user feed: the user's window of conversations from the store (one inbox query),
/// then each one's head and changes through the process's shared reads, exactly as its own feed
/// reads them, decided conversation by conversation by <see cref="UserFeedStep"/>.
/// </summary>
internal sealed class UserFeedReader(
    IMessageStore store,
    ChangeReader reader,
    ConversationHeadCache heads,
    IPresenceTracker presence,
    IOptions<BstChatOptions> options,
    TimeProvider timeProvider)
{
    private static readonly PresenceSnapshot NoPresence = new([], null);

    /// <summary>Reads what changed for <paramref name="userId"/> after <paramref name="cursor"/>.</summary>
    /// <param name="userId">The signed-in user.</param>
    /// <param name="cursor">Where the reader stands; <see langword="null"/> for "from now".</param>
    /// <param name="seats">For a request that may wait: where to take a seat before each conversation's read.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="ChatException">A cursor issued to another user, or ahead of a conversation (invalid).</exception>
    public async ValueTask<UserFeedRead> ReadAsync(string userId, UserCursor? cursor, UserFeedSeats? seats, CancellationToken cancellationToken)
    {
        if (cursor is not null && cursor.UserKey != UserCursor.KeyOf(userId))
        {
            throw InvalidCursor("The cursor was issued to another user; start again without one.");
        }

        var o = options.Value;
        var now = timeProvider.GetUtcNow();
        var (window, overflow) = await ReadWindowAsync(userId, cancellationToken);
        var answer = new Answer(o.MaxPageSize);
        foreach (var entry in window)
        {
            var id = entry.Conversation.Id;
            UserCursor.Position? position = cursor is not null && cursor.Positions.TryGetValue(id, out var at) ? at : null;
            seats?.Join(id);
            ConversationHeadCache.CachedRead read;
            try
            {
                // A ticket after the seat: a shared read that began later is as good as our own.
                read = await reader.ReadHeadAsync(id, userId, position?.Seq, heads.Ticket(), cancellationToken);
            }
            catch (ChatException notFound) when (notFound.Kind == ChatErrorKind.NotFound)
            {
                // Removed since the inbox was read: announced if the cursor followed it, forgotten otherwise.
                answer.Removed.Add(id);
                continue;
            }

            var head = read.Head!;
            seats?.Read(head.Version, head.ValidUntil);
            answer.Saw(head, userId, now, o.BusyWindow);
            var state = UserCursor.Fold(head.StateHash);
            var lastSeq = head.Conversation.LastSeq;
            var step = UserFeedStep.Decide(cursor is not null, position, lastSeq, state, o.DefaultPageSize, answer.Budget);
            switch (step.Kind)
            {
                case UserFeedStepKind.FromNow:
                    answer.List(entry, head, new(lastSeq, state), step.AfterSeq, hasMore: false);
                    break;
                case UserFeedStepKind.New:
                case UserFeedStepKind.TooMany:
                    answer.List(entry, head, new(lastSeq, state), step.AfterSeq, hasMore: true);
                    break;
                case UserFeedStepKind.StateChanged:
                    answer.List(entry, head, new(position!.Value.Seq, state), step.AfterSeq, hasMore: false);
                    break;
                case UserFeedStepKind.ReadChanges:
                    var after = step.AfterSeq!.Value;
                    var changes = await heads.GetChangesAsync(read, after, cancellationToken);
                    var taken = changes.Count <= answer.Budget ? changes : [.. changes.Take(answer.Budget)];
                    var through = taken.Count > 0 ? taken[^1].ChangeSeq : after;
                    if (taken.Count == 0 && state == position!.Value.StateHash)
                    {
                        answer.Keep(id, position.Value);
                        break;
                    }

                    answer.Messages.AddRange(taken);
                    answer.List(entry, head, new(through, state), after, hasMore: false);
                    break;
                case UserFeedStepKind.Unchanged:
                    answer.Keep(id, position!.Value);
                    break;
                case UserFeedStepKind.Deferred:
                    answer.Keep(id, position!.Value);
                    answer.HasMore = true;
                    break;
            }
        }

        await FindRemovedAsync(userId, cursor, window, overflow, answer.Removed, cancellationToken);
        await RefreshStaleEntriesAsync(userId, answer, cancellationToken);
        var shown = o.Presence ? await presence.GetPresenceAsync([.. answer.Contacts], cancellationToken) : NoPresence;
        return Compose(userId, cursor, answer, shown, o);
    }

    private async ValueTask<(IReadOnlyList<InboxEntry> Window, bool Overflow)> ReadWindowAsync(string userId, CancellationToken cancellationToken)
    {
        var max = options.Value.MaxFeedConversations;
        // One entry more than followed tells whether the user has more.
        var entries = await store.GetInboxAsync(userId, max + 1, cancellationToken);
        return entries.Count > max ? ([.. entries.Take(max)], true) : (entries, false);
    }

    /// <summary>
    /// A conversation the cursor follows and the window does not is one the user left, unless the
    /// user has more conversations than the window: then it may only have fallen out of it, which is
    /// said by nothing (it comes back as new when it changes).
    /// </summary>
    private async ValueTask FindRemovedAsync(string userId, UserCursor? cursor, IReadOnlyList<InboxEntry> window, bool overflow, List<string> removed, CancellationToken cancellationToken)
    {
        if (cursor is null)
        {
            removed.Clear();
            return;
        }

        // Only what the cursor followed is announced: a conversation the reader never saw is nothing to it.
        removed.RemoveAll(id => !cursor.Positions.ContainsKey(id));
        var inWindow = window.Select(static e => e.Conversation.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var id in cursor.Positions.Keys.Order(StringComparer.Ordinal))
        {
            if (inWindow.Contains(id) || (overflow && await store.FindMemberAsync(id, userId, cancellationToken) is not null))
            {
                continue;
            }

            removed.Add(id);
        }
    }

    /// <summary>
    /// The inbox was read before the heads: an entry listed with a head newer than its own row has a
    /// stale unread count and last message. One more inbox read makes them at least as new as the messages.
    /// </summary>
    private async ValueTask RefreshStaleEntriesAsync(string userId, Answer answer, CancellationToken cancellationToken)
    {
        if (!answer.Listed.Any(static l => l.Entry.Conversation.LastSeq < l.HeadLastSeq))
        {
            return;
        }

        var (fresh, _) = await ReadWindowAsync(userId, cancellationToken);
        var byId = fresh.ToDictionary(static e => e.Conversation.Id, StringComparer.Ordinal);
        for (var i = 0; i < answer.Listed.Count; i++)
        {
            if (byId.TryGetValue(answer.Listed[i].Entry.Conversation.Id, out var entry))
            {
                answer.Listed[i] = answer.Listed[i] with { Entry = entry };
            }
        }
    }

    private static UserFeedRead Compose(string userId, UserCursor? cursor, Answer answer, PresenceSnapshot shown, BstChatOptions o)
    {
        var next = new UserCursor(UserCursor.KeyOf(userId), UserCursor.Fold(StateFingerprint.Compute(shown.Users)), answer.Positions);
        var set = new UserChangeSet
        {
            Cursor = next,
            Messages = answer.Messages,
            Conversations = [.. answer.Listed.Select(static l => l.Conversation)],
            Removed = answer.Removed,
            Typing = answer.Typing,
            ReadMarkers = [.. answer.Listed.SelectMany(static l => l.ReadMarkers)],
            Presence = shown.Users,
            HasMore = answer.HasMore,
            PollAfter = answer.HasMore ? TimeSpan.Zero : answer.Busy || answer.Typing.Count > 0 ? o.BusyPollInterval : o.QuietPollInterval,
        };
        var changed = cursor is null
            || set.Messages.Count > 0 || set.Conversations.Count > 0 || set.Removed.Count > 0 || set.HasMore
            || next.PresenceHash != cursor.PresenceHash;
        return new UserFeedRead(set, changed, shown.NextChange ?? DateTimeOffset.MaxValue, answer.Contacts);
    }

    private static ChatException InvalidCursor(string message) => ChatValidation.Invalid(ChatErrorCodes.InvalidCursor, message);

    /// <summary>An answer being put together, conversation by conversation.</summary>
    private sealed class Answer(int budget)
    {
        public int Budget => budget - Messages.Count;

        public List<Message> Messages { get; } = [];

        public List<Listing> Listed { get; } = [];

        public List<string> Removed { get; } = [];

        public List<ConversationTypingUser> Typing { get; } = [];

        public SortedSet<string> Contacts { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, UserCursor.Position> Positions { get; } = new(StringComparer.Ordinal);

        public bool HasMore { get; set; }

        public bool Busy { get; private set; }

        /// <summary>What every conversation read contributes, listed or not: typing, contacts, busyness.</summary>
        public void Saw(ConversationHead head, string userId, DateTimeOffset now, TimeSpan busyWindow)
        {
            var id = head.Conversation.Id;
            Typing.AddRange(head.Typing.Users.Select(t => new ConversationTypingUser(id, t.UserId, t.DisplayName)));
            foreach (var member in head.Members)
            {
                if (member.UserId != userId)
                {
                    Contacts.Add(member.UserId);
                }
            }

            Busy |= now - head.Conversation.LastChangeAt < busyWindow;
        }

        public void Keep(string id, UserCursor.Position position) => Positions[id] = position;

        public void List(InboxEntry entry, ConversationHead head, UserCursor.Position position, long? afterSeq, bool hasMore)
        {
            var id = entry.Conversation.Id;
            Positions[id] = position;
            Listed.Add(new Listing(entry, head.Conversation.LastSeq, afterSeq, position.Seq, hasMore,
                [.. head.ReadMarkers.Select(m => new ConversationReadMarker(id, m.UserId, m.LastReadSeq))]));
        }
    }

    private sealed record Listing(InboxEntry Entry, long HeadLastSeq, long? AfterSeq, long ThroughSeq, bool HasMore, IReadOnlyList<ConversationReadMarker> ReadMarkers)
    {
        public FeedConversation Conversation => new(Entry, AfterSeq, ThroughSeq, HasMore);
    }
}
