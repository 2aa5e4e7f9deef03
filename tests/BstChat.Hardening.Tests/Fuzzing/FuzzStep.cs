namespace BstChat.Hardening.Tests.Fuzzing;

/// <summary>What a fuzz step asks of the API.</summary>
public enum FuzzAction
{
    Send,
    Edit,
    Delete,
    History,
    Changes,
    Typing,
    MarkRead,
    Inbox,
    Conversation,
    UserFeed,
    UserFeedWait,
}

/// <summary>Who makes the call: members of one, both or none of the fuzzed conversations, or nobody signed in.</summary>
public enum FuzzUser
{
    Anna,
    Ben,
    Chloe,
    Mallory,
    Anonymous,
}

/// <summary>Which conversation the call names.</summary>
public enum FuzzTarget
{
    /// <summary>Anna (moderator) and Ben.</summary>
    First,

    /// <summary>Ben and Chloe.</summary>
    Second,

    /// <summary>A well-formed id nobody created.</summary>
    Missing,

    /// <summary>A malformed id.</summary>
    Malformed,
}

/// <summary>How a write's JSON body is spoiled, if at all.</summary>
public enum FuzzBody
{
    Valid,
    ExtraFields,
    WrongTypes,
    NullValue,
    DeepNesting,
    NotJson,
    InvalidUtf8,
    DuplicateKeys,
    WrongContentType,
    Huge,
}

/// <summary>
/// One random call. Generated without knowing the state: <see cref="Pick"/> chooses among what
/// the model holds when the step runs (a message, a cursor, a seq), so a step shrinks on its own.
/// </summary>
/// <param name="Action">The call.</param>
/// <param name="User">The caller.</param>
/// <param name="Target">The conversation named.</param>
/// <param name="Text">A message text, often hostile.</param>
/// <param name="ClientId">A client message id: <c>null</c> none, <c>"&lt;new&gt;"</c> a fresh one, <c>"&lt;reuse&gt;"</c> an earlier one of the caller's, else taken as given.</param>
/// <param name="Body">How the body is spoiled.</param>
/// <param name="Query">A query value (cursor, before, limit, wait, read seq): <c>null</c> absent, <c>"&lt;pick&gt;"</c> a sensible one from the model, else taken as given.</param>
/// <param name="Limit">A second query value, for <c>limit</c> beside <c>before</c>.</param>
/// <param name="Pick">Chooses a message, cursor or seq from the model.</param>
public sealed record FuzzStep(
    FuzzAction Action,
    FuzzUser User,
    FuzzTarget Target,
    string Text,
    string? ClientId,
    FuzzBody Body,
    string? Query,
    string? Limit,
    int Pick)
{
    public const string NewId = "<new>";
    public const string ReuseId = "<reuse>";
    public const string PickValue = "<pick>";
}
