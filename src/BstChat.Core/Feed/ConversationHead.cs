using BstChat.Typing;

namespace BstChat.Feed;

/// <summary>
/// What every reader of one conversation's change feed needs besides the changed messages: the
/// conversation row, its members, who is typing, and the read markers and state fingerprint
/// derived from them once for all readers.
/// </summary>
internal sealed class ConversationHead
{
    public ConversationHead(Conversation conversation, IReadOnlyList<Member> members, TypingSnapshot typing, DateTimeOffset validUntil)
    {
        Conversation = conversation;
        Members = members;
        Typing = typing;
        ReadMarkers = [.. members.Select(static m => new ReadMarker(m.UserId, m.LastReadSeq))];
        StateHash = StateFingerprint.Compute(typing.Users, ReadMarkers);
        ValidUntil = validUntil;
    }

    public Conversation Conversation { get; }

    public IReadOnlyList<Member> Members { get; }

    public TypingSnapshot Typing { get; }

    public IReadOnlyList<ReadMarker> ReadMarkers { get; }

    public ulong StateHash { get; }

    /// <summary>What a re-check compares: a head with another version may answer a waiting reader differently.</summary>
    public HeadVersion Version => new(Conversation.LastSeq, StateHash, Members.Count);

    /// <summary>
    /// When this head must be read again even without a notification: the re-check that carries
    /// changes from instances without a backplane, or the first typing entry's expiry.
    /// </summary>
    public DateTimeOffset ValidUntil { get; }

    public bool IsMember(string userId)
    {
        foreach (var member in Members)
        {
            if (member.UserId == userId)
            {
                return true;
            }
        }

        return false;
    }
}
