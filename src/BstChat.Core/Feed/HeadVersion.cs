namespace BstChat.Feed;

/// <summary>
/// What a waiting reader was last shown of a conversation, as far as a re-check can tell: two heads
/// with the same version give every member the same answer (the same changes after the same
/// cursor, the same typing, read markers and members).
/// </summary>
/// <param name="LastSeq">The conversation's last sequence number.</param>
/// <param name="StateHash">The fingerprint of typing and read markers.</param>
/// <param name="MemberCount">How many members it has (a removal is seen even if it changed no marker).</param>
internal readonly record struct HeadVersion(long LastSeq, ulong StateHash, int MemberCount);
