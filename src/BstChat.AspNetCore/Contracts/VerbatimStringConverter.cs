using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BstChat.AspNetCore.Contracts;

/// <summary>
/// Reads a JSON string as the UTF-16 the client escaped, lone surrogates (<c>"\ud800"</c>)
/// included, which System.Text.Json refuses to unescape. Message text then reaches the one text
/// rule, which refuses it as <c>invalid_text</c>, instead of failing the whole body as <c>invalid_json</c>.
/// </summary>
internal sealed class VerbatimStringConverter : JsonConverter<string>
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a string, not {reader.TokenType}.");
        }

        if (!reader.ValueIsEscaped)
        {
            return reader.GetString()!;
        }

        try
        {
            return Unescape(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
        }
        catch (DecoderFallbackException e)
        {
            throw new JsonException("The string is not valid UTF-8.", e);
        }
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    /// <summary>Unescapes a string token; the reader has already checked that every escape is well-formed.</summary>
    private static string Unescape(ReadOnlySpan<byte> raw)
    {
        var text = new StringBuilder(raw.Length);
        while (true)
        {
            var backslash = raw.IndexOf((byte)'\\');
            if (backslash < 0)
            {
                return text.Append(StrictUtf8.GetString(raw)).ToString();
            }

            text.Append(StrictUtf8.GetString(raw[..backslash]));
            var escape = raw[backslash + 1];
            if (escape == (byte)'u')
            {
                text.Append((char)ushort.Parse(raw.Slice(backslash + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
                raw = raw[(backslash + 6)..];
                continue;
            }

            text.Append(escape switch
            {
                (byte)'b' => '\b',
                (byte)'f' => '\f',
                (byte)'n' => '\n',
                (byte)'r' => '\r',
                (byte)'t' => '\t',
                _ => (char)escape, // '"', '\\' and '/' stand for themselves
            });
            raw = raw[(backslash + 2)..];
        }
    }
}
