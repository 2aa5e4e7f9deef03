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

    /// <summary>The largest request body the HTTP endpoints accept, in bytes. Default 64 KiB.</summary>
    /// <remarks>Room for a maximum-length message even when every character is JSON-escaped.</remarks>
    public int MaxRequestBodyBytes { get; set; } = 64 * 1024;
}
