using CsCheck;

namespace BstChat.Hardening.Tests.Fuzzing;

/// <summary>CsCheck generators for fuzz steps: mostly sensible calls, often with hostile input.</summary>
public static class FuzzGenerators
{
    /// <summary>Texts a client might send, and texts an attacker would.</summary>
    public static readonly Gen<string> Text = Gen.Frequency(
        (6, Gen.Int[0, 9999].Select(i => $"hello {i}")),
        (1, Gen.Const("")),
        (1, Gen.OneOf(Gen.Const("   "), Gen.Const("\t\r\n"), Gen.Const("\u00A0\u2003"), Gen.Const("\u0085"))),
        (1, Gen.Int[FuzzModel.MaxMessageLength - 1, FuzzModel.MaxMessageLength + 1].Select(n => new string('x', n))),
        (1, Gen.Const(new string('y', 5000))),
        (1, Gen.OneOf(Gen.Const("lone \uD800 high"), Gen.Const("\uDC00 lone low"), Gen.Const("end \uD83D"), Gen.Const("pair 😀 ok"))),
        (1, Gen.OneOf(Gen.Const("nul \u0000 in"), Gen.Const("bell \u0007"), Gen.Const("\u001B[31mred"), Gen.Const("del \u007F"), Gen.Const("c1 \u009B"))),
        (1, Gen.OneOf(Gen.Const("<script>alert(1)</script>"), Gen.Const("<img src=x onerror=alert(1)>"), Gen.Const("'; DROP TABLE bstchat_messages; --"))),
        (1, Gen.OneOf(Gen.Const("\u202Eevil"), Gen.Const("zero\u200Bwidth"), Gen.Const("\u200B\u2060\uFEFF"), Gen.Const("\u2067\u05E9\u05DC\u05D5\u05DD\u2069 ok"), Gen.Const("e\u0301\u0301\u0301"), Gen.Const("line\r\nbreak\ttab"))),
        (2, Gen.String[Gen.Char, 0, 20]),
        (1, Gen.String[Gen.Char[char.MinValue, (char)0x7F], 0, 120]));

    private static readonly Gen<string?> ClientId = Gen.Frequency(
        (3, Gen.Const((string?)null)),
        (5, Gen.Const((string?)FuzzStep.NewId)),
        (3, Gen.Const((string?)FuzzStep.ReuseId)),
        (1, Gen.OneOf<string?>(
            Gen.Const((string?)""), Gen.Const((string?)"has space"), Gen.Const((string?)new string('c', 65)), Gen.Const((string?)"ünïcode"),
            Gen.Const((string?)"../x"), Gen.Const((string?)"nul\u0000"), Gen.Const((string?)"\uD800"))));

    /// <summary>Query values: a sensible pick mostly, else malformed or out-of-range numbers and cursors.</summary>
    private static readonly Gen<string?> Query = Gen.Frequency(
        (2, Gen.Const((string?)null)),
        (6, Gen.Const((string?)FuzzStep.PickValue)),
        (1, Gen.OneOf<string?>(
            Gen.Const((string?)""), Gen.Const((string?)"0"), Gen.Const((string?)"-1"), Gen.Const((string?)"abc"), Gen.Const((string?)"1.5"),
            Gen.Const((string?)" 1"), Gen.Const((string?)"1e3"), Gen.Const((string?)"99999999999999999999"), Gen.Const((string?)"201"),
            Gen.Const((string?)"1."), Gen.Const((string?)".1"), Gen.Const((string?)"-1.0"), Gen.Const((string?)"999999.0"),
            Gen.Const((string?)"1.zz"), Gen.Const((string?)"0.ffffffffffffffffff"), Gen.Const((string?)new string('9', 2000)),
            Gen.Const((string?)"%00"), Gen.Const((string?)"1.0&cursor=2.0"))),
        (1, Gen.Int[-3, 300].Select(i => (string?)i.ToString(System.Globalization.CultureInfo.InvariantCulture))));

    private static readonly Gen<FuzzBody> Body = Gen.Frequency(
        (12, Gen.Const(FuzzBody.Valid)),
        (1, Gen.Enum<FuzzBody>()));

    public static readonly Gen<FuzzStep> Step =
        Gen.Select(
            Gen.Frequency(
                (8, Gen.Const(FuzzAction.Send)),
                (3, Gen.Const(FuzzAction.Edit)),
                (2, Gen.Const(FuzzAction.Delete)),
                (2, Gen.Const(FuzzAction.History)),
                (3, Gen.Const(FuzzAction.Changes)),
                (1, Gen.Const(FuzzAction.Typing)),
                (2, Gen.Const(FuzzAction.MarkRead)),
                (1, Gen.Const(FuzzAction.Inbox)),
                (1, Gen.Const(FuzzAction.Conversation)),
                (3, Gen.Const(FuzzAction.UserFeed)),
                (1, Gen.Const(FuzzAction.UserFeedWait))),
            Gen.Frequency(
                (4, Gen.Const(FuzzUser.Anna)), (4, Gen.Const(FuzzUser.Ben)), (3, Gen.Const(FuzzUser.Chloe)),
                (1, Gen.Const(FuzzUser.Mallory)), (1, Gen.Const(FuzzUser.Anonymous))),
            Gen.Frequency(
                (6, Gen.Const(FuzzTarget.First)), (4, Gen.Const(FuzzTarget.Second)),
                (1, Gen.Const(FuzzTarget.Missing)), (1, Gen.Const(FuzzTarget.Malformed))),
            Text,
            ClientId,
            Body,
            Query,
            Query,
            Gen.Int[0, 1000],
            (action, user, target, text, clientId, body, query, limit, pick) => new FuzzStep(action, user, target, text, clientId, body, query, limit, pick));

    /// <summary>A run of calls on two fresh conversations.</summary>
    public static Gen<FuzzStep[]> Steps(int min, int max) => Step.Array[min, max];
}
