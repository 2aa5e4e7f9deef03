namespace BstChat;

/// <summary>Settings for BstChat, validated when the host starts.</summary>
public sealed class BstChatOptions
{
    /// <summary>The longest message text, in UTF-16 code units. Default 4000.</summary>
    public int MaxMessageLength { get; set; } = 4000;

    /// <summary>The longest a change-feed request is held waiting; longer asks are capped. Default 25 s.</summary>
    /// <remarks>Under the 30 s idle timeouts common in proxies and load balancers.</remarks>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>History page size when the client names none. Default 50.</summary>
    public int DefaultPageSize { get; set; } = 50;

    /// <summary>The largest history page, and the most changes in one change-feed answer. Default 200.</summary>
    public int MaxPageSize { get; set; } = 200;

    /// <summary>How long a member shows as typing after their last typing signal. Default 6 s.</summary>
    public TimeSpan TypingTimeout { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>
    /// How many change-feed requests one user may hold waiting at once. Default 6, a browser's
    /// connection limit per host: a user over it has tabs that could not all be served anyway.
    /// </summary>
    public int MaxConcurrentWaitsPerUser { get; set; } = 6;

    /// <summary>
    /// How many change-feed requests the server holds waiting at once, across all users. Default
    /// 10,000. Over it a wait is refused with 429 <c>too_many_waits_in_total</c> and Retry-After,
    /// so the server's sockets and memory stay bounded however many clients connect.
    /// </summary>
    public int MaxConcurrentWaits { get; set; } = 10_000;

    /// <summary>
    /// Sends, edits and deletes a user may make: a burst of 10, then 30 a minute (one every 2 s).
    /// Over it: 429 <c>too_many_writes</c> with Retry-After. Every write wakes every reader of the
    /// conversation, so this bounds what one user can make the server do.
    /// </summary>
    /// <remarks>Applied by the policy named <see cref="ChatRateLimitPolicies.Writes"/>, which a host may replace.</remarks>
    public TokenBucketLimit WriteRate { get; set; } = new() { Burst = 10, PerMinute = 30 };

    /// <summary>
    /// Typing signals a user may send: a burst of 10, then 60 a minute. bstchat.js sends one at
    /// most every 3 s, and one more after each message. Over it: 429 <c>too_many_typing_signals</c>.
    /// </summary>
    /// <remarks>Applied by the policy named <see cref="ChatRateLimitPolicies.Typing"/>, which a host may replace.</remarks>
    public TokenBucketLimit TypingRate { get; set; } = new() { Burst = 10, PerMinute = 60 };

    /// <summary>
    /// Reads a user may make: inbox, conversation, history pages, revisions and change-feed
    /// requests, each one permit (a held long-poll costs one per answer). A burst of 120, then 600
    /// a minute: far above what bstchat.js needs in several busy conversations at once, far below
    /// what a script can ask. Over it: 429 <c>too_many_reads</c> with Retry-After.
    /// </summary>
    /// <remarks>Applied by the policy named <see cref="ChatRateLimitPolicies.Reads"/>, which a host may replace.</remarks>
    public TokenBucketLimit ReadRate { get; set; } = new() { Burst = 120, PerMinute = 600 };

    /// <summary>
    /// The most memory, in estimated bytes, that change-feed readers of this process keep in
    /// reads they share (conversation heads and the changes near them). Default 32 MiB. A read
    /// that does not fit is still answered, only not shared; 0 shares nothing.
    /// </summary>
    public long MaxSharedReadBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>
    /// The most conversations whose heads change-feed readers of this process share at once.
    /// Default 10,000; readers of further conversations read for themselves.
    /// </summary>
    public int MaxSharedReadConversations { get; set; } = 10_000;

    /// <summary>
    /// The most conversations one inbox answer lists: the most recently changed ones, with
    /// <c>hasMore</c> set when the user has more. Default 200.
    /// </summary>
    public int MaxInboxConversations { get; set; } = 200;

    /// <summary>
    /// The most conversations the user feed (<c>GET /changes</c>) follows: the user's most recently
    /// changed ones. Its cursor carries each one's id and position, so this bounds the cursor's size;
    /// a conversation outside that changes becomes the most recent and enters the feed. Default 50, at most 60
    /// (60 of the longest ids make a cursor of about 6,300 characters, inside the 8 KB request line servers accept).
    /// </summary>
    public int MaxFeedConversations { get; set; } = 50;

    /// <summary>
    /// Whether members are shown online (one of their feed requests held, or answered within
    /// <see cref="PresenceGracePeriod"/>) or last seen, in the user feed and a conversation's
    /// members. Default <see langword="true"/>. Each instance's own view unless a presence
    /// backplane (e.g. <c>AddRedisBackplane</c>) shares it between instances.
    /// </summary>
    public bool Presence { get; set; } = true;

    /// <summary>
    /// How long a user stays online after their last feed answer with none held: longer than a
    /// client's gap between two requests. Default 30 s.
    /// </summary>
    public TimeSpan PresenceGracePeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// While waiting, how often the store is read again even without a notification, so that
    /// changes made by another server instance arrive without a backplane. Default 5 s.
    /// </summary>
    public TimeSpan RecheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The polling interval suggested for a quiet conversation. Default 10 s.</summary>
    public TimeSpan QuietPollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The polling interval suggested for a busy conversation. Default 2 s.</summary>
    public TimeSpan BusyPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A conversation changed this recently, or with someone typing, counts as busy. Default 2 min.</summary>
    public TimeSpan BusyWindow { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The rules for files: sizes, types, allowances and quotas.</summary>
    public ChatFileOptions Files { get; } = new();

    /// <summary>The largest request body the HTTP endpoints accept, in bytes. Default 64 KiB.</summary>
    /// <remarks>Room for a maximum-length message even when every character is JSON-escaped.</remarks>
    public int MaxRequestBodyBytes { get; set; } = 64 * 1024;
}
