namespace BstChat;

/// <summary>How far a member has read.</summary>
/// <param name="UserId">The member's user id.</param>
/// <param name="LastReadSeq">The highest sequence number they have read.</param>
public sealed record ReadMarker(string UserId, long LastReadSeq);
