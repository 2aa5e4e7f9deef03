namespace BstChat.AspNetCore.Contracts;

/// <summary>One change-feed answer.</summary>
internal sealed record ChangesResponse(
    string Cursor,
    List<MessageResponse> Messages,
    bool HasMore,
    List<TypingResponse> Typing,
    List<ReadMarkerResponse> ReadMarkers,
    long PollAfterMs)
{
    public static ChangesResponse From(ChangeSet changes, ChatLinks links) =>
        new(changes.Cursor.ToString(),
            MessageResponse.From(changes.Messages, links),
            changes.HasMore,
            [.. changes.Typing.Select(t => new TypingResponse(t.UserId, t.DisplayName))],
            [.. changes.ReadMarkers.Select(r => new ReadMarkerResponse(r.UserId, r.LastReadSeq))],
            (long)changes.PollAfter.TotalMilliseconds);
}

/// <summary>A member who is typing.</summary>
internal sealed record TypingResponse(string UserId, string DisplayName);

/// <summary>A member's read marker.</summary>
internal sealed record ReadMarkerResponse(string UserId, long LastReadSeq);
