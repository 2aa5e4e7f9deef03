namespace BstChat;

/// <summary>
/// A per-user token bucket: a user may make <see cref="Burst"/> requests at once, and then
/// <see cref="PerMinute"/> a minute, one token coming back every minute / <see cref="PerMinute"/>.
/// </summary>
public sealed class TokenBucketLimit
{
    /// <summary>The most requests a user may make at once: the bucket's size, 1 to 10,000.</summary>
    public int Burst { get; set; }

    /// <summary>The sustained rate, in requests a minute: how fast the bucket refills, 1 to 600.</summary>
    public int PerMinute { get; set; }
}
