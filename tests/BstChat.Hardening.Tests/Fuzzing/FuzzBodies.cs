using System.Globalization;
using System.Text;

namespace BstChat.Hardening.Tests.Fuzzing;

/// <summary>
/// Write bodies as raw bytes, so that what goes over the wire is exactly what the step meant:
/// every character outside printable ASCII is a <c>\uXXXX</c> escape (lone surrogates included),
/// and the spoiled shapes are spelled out by hand.
/// </summary>
public static class FuzzBodies
{
    /// <summary>A JSON string literal for <paramref name="value"/>.</summary>
    public static string Literal(string value)
    {
        var json = new StringBuilder("\"");
        foreach (var c in value)
        {
            json.Append(c is < ' ' or > '~' or '"' or '\\' ? $"\\u{(int)c:x4}" : c.ToString());
        }

        return json.Append('"').ToString();
    }

    /// <summary>
    /// The body carrying <paramref name="fields"/> (name, JSON value), spoiled as <paramref name="spoil"/> says.
    /// <paramref name="wrongTypes"/> replaces the fields by ill-typed ones.
    /// </summary>
    public static (byte[] Bytes, string ContentType) Build(FuzzBody spoil, IReadOnlyList<(string Name, string Json)> fields, IReadOnlyList<(string Name, string Json)> wrongTypes, int pick)
    {
        var json = "application/json";
        return spoil switch
        {
            FuzzBody.Valid => (Object(fields), json),
            FuzzBody.ExtraFields => (Object([.. fields, ("extra", "{\"a\":[1,2,{\"b\":null}]}"), ("changeSeq", "99"), ("senderId", "\"mallory\""), ("id", "\"forged\"")]), json),
            FuzzBody.WrongTypes => (Object(wrongTypes), json),
            FuzzBody.NullValue => (Object([.. fields.Select(f => (f.Name, "null"))]), json),
            FuzzBody.DeepNesting => (Object([.. fields, ("extra", new string('[', 40) + new string(']', 40))]), json),
            FuzzBody.NotJson => (Encoding.UTF8.GetBytes(NotJson[pick % NotJson.Length]), json),
            FuzzBody.InvalidUtf8 => ([.. "{\"text\":\""u8, 0xFF, 0xFE, 0xC3, .. "\"}"u8], json),
            FuzzBody.DuplicateKeys => (Object([.. fields.Select(f => (f.Name, "null")), .. fields]), json),
            FuzzBody.WrongContentType => (Object(fields), pick % 2 == 0 ? "text/plain" : "application/x-www-form-urlencoded"),
            FuzzBody.Huge => (Object([.. fields, ("padding", Literal(new string('p', 2 * FuzzModel.MaxRequestBodyBytes)))]), json),
            _ => throw new ArgumentOutOfRangeException(nameof(spoil)),
        };
    }

    private static readonly string[] NotJson = ["hello", "{", "", "[]", "null", "\"text\"", "{\"text\":", "{'text':'single'}", "{\"text\":\"a\"}}", "\u00EF\u00BB\u00BF{}"];

    private static byte[] Object(IEnumerable<(string Name, string Json)> fields) =>
        Encoding.UTF8.GetBytes("{" + string.Join(',', fields.Select(f => string.Create(CultureInfo.InvariantCulture, $"\"{f.Name}\":{f.Json}"))) + "}");
}
