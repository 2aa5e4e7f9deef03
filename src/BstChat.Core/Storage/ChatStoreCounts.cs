namespace BstChat.Storage;

/// <summary>How many rows a store holds, for progress reporting and verification.</summary>
/// <param name="Conversations">Conversations.</param>
/// <param name="Members">Memberships, over all conversations.</param>
/// <param name="Messages">Messages, tombstones included, over all conversations.</param>
/// <param name="Revisions">Recorded edits and deletes (<see cref="MessageRevision"/>), over all conversations.</param>
public sealed record ChatStoreCounts(long Conversations, long Members, long Messages, long Revisions);
