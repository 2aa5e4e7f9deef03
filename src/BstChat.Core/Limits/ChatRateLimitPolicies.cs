namespace BstChat;

/// <summary>
/// The names of BstChat's rate-limit policies. Each is a keyed singleton
/// <c>PartitionedRateLimiter&lt;string&gt;</c>, partitioned by chat user id; <c>AddBstChat()</c>
/// registers a token bucket from <see cref="BstChatOptions"/> only when the host has not
/// registered its own under the same key, before or after.
/// </summary>
/// <example>
/// No limit on writes for this host:
/// <code>
/// services.AddKeyedSingleton(ChatRateLimitPolicies.Writes,
///     PartitionedRateLimiter.Create&lt;string, string&gt;(userId => RateLimitPartition.GetNoLimiter(userId)));
/// </code>
/// </example>
public static class ChatRateLimitPolicies
{
    /// <summary>Sends, edits and deletes; default <see cref="BstChatOptions.WriteRate"/>.</summary>
    public const string Writes = "BstChat.Writes";

    /// <summary>Typing signals; default <see cref="BstChatOptions.TypingRate"/>.</summary>
    public const string Typing = "BstChat.Typing";

    /// <summary>Reads: inbox, conversation, history, revisions and change-feed requests; default <see cref="BstChatOptions.ReadRate"/>.</summary>
    public const string Reads = "BstChat.Reads";

    /// <summary>File uploads; default <see cref="ChatFileOptions.UploadRate"/>.</summary>
    public const string Uploads = "BstChat.Uploads";
}
