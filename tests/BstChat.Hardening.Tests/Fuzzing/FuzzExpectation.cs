namespace BstChat.Hardening.Tests.Fuzzing;

/// <summary>
/// What the model allows as the answer to a step: one status, or any refusal (4xx) when several
/// rules are broken at once and the order they are checked in is the server's business.
/// Never a 5xx.
/// </summary>
public sealed record FuzzExpectation(int? Status, bool OrBadRequest = false)
{
    /// <summary>Some 4xx; in particular never a success.</summary>
    public static readonly FuzzExpectation Refusal = new((int?)null);

    public static FuzzExpectation Exactly(int status) => new(status);

    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>A body that may be refused as malformed (extra fields, deep nesting, duplicate keys), or else taken as this.</summary>
    public FuzzExpectation OrRefusedAsMalformed() => this with { OrBadRequest = true };

    /// <summary>The one refusal when exactly one rule is broken, else any refusal.</summary>
    public static FuzzExpectation Refused(params IEnumerable<int> broken)
    {
        var statuses = broken.Distinct().ToList();
        return statuses.Count == 1 ? Exactly(statuses[0]) : Refusal;
    }

    public bool Allows(int status) =>
        status < 500 && (Status is { } expected
            ? status == expected || (OrBadRequest && status == 400)
            : status is >= 400 and < 500);
}
