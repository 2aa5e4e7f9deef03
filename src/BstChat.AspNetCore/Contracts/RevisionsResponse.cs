namespace BstChat.AspNetCore.Contracts;

/// <summary>A message's record of edits and deletes, oldest first.</summary>
internal sealed record RevisionsResponse(List<RevisionResponse> Revisions)
{
    public static RevisionsResponse From(IReadOnlyList<MessageRevision> revisions) => new([.. revisions.Select(RevisionResponse.From)]);
}

/// <summary>One recorded change: <c>kind</c> is <c>edited</c> or <c>deleted</c>; <c>previousText</c> is what it replaced.</summary>
internal sealed record RevisionResponse(long ChangeSeq, string Kind, string PreviousText, string ChangedBy, DateTimeOffset ChangedAt)
{
    public static RevisionResponse From(MessageRevision r) =>
        new(r.ChangeSeq, r.Kind == MessageRevisionKind.Deleted ? "deleted" : "edited", r.PreviousText, r.ChangedBy, r.ChangedAt);
}
