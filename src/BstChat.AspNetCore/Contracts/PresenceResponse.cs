namespace BstChat.AspNetCore.Contracts;

/// <summary>A user online, or when they were last seen.</summary>
internal sealed record PresenceResponse(string UserId, bool Online, DateTimeOffset? LastSeenAt)
{
    public static List<PresenceResponse> From(IReadOnlyList<UserPresence> presence) =>
        [.. presence.Select(p => new PresenceResponse(p.UserId, p.IsOnline, p.LastSeenAt))];
}
