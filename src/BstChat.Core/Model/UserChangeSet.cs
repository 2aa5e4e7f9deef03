namespace BstChat;

/// <summary>One answer of the user feed: what changed in every conversation the user follows.</summary>
public sealed record UserChangeSet
{
    /// <summary>The cursor to ask with next time.</summary>
    public required UserCursor Cursor { get; init; }

    /// <summary>Changed messages, conversation by conversation, each conversation's in <see cref="Message.ChangeSeq"/> order.</summary>
    public required IReadOnlyList<Message> Messages { get; init; }

    /// <summary>The conversations that changed, or are new to the cursor, with where their messages here start and end.</summary>
    public required IReadOnlyList<FeedConversation> Conversations { get; init; }

    /// <summary>Conversations the user left or was removed from since the cursor; announced once.</summary>
    public required IReadOnlyList<string> Removed { get; init; }

    /// <summary>Everyone typing now in the user's conversations: the whole set.</summary>
    public required IReadOnlyList<ConversationTypingUser> Typing { get; init; }

    /// <summary>Every member's read marker in the conversations of <see cref="Conversations"/>.</summary>
    public required IReadOnlyList<ConversationReadMarker> ReadMarkers { get; init; }

    /// <summary>The other members of the user's conversations, online or last seen: the whole set; empty when presence is off.</summary>
    public required IReadOnlyList<UserPresence> Presence { get; init; }

    /// <summary>Whether the answer stopped at <see cref="BstChatOptions.MaxPageSize"/> messages: ask again at once with <see cref="Cursor"/>.</summary>
    public bool HasMore { get; init; }

    /// <summary>How long a client that polls rather than waits should wait before asking again.</summary>
    public required TimeSpan PollAfter { get; init; }
}
