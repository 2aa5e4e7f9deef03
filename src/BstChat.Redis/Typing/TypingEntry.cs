using System.Globalization;

namespace BstChat.Redis.Typing;

/// <summary>
/// One user's typing state as held in a conversation's hash: <c>"{expiry unix ms} {display name}"</c>.
/// Expiry is absolute, so every instance agrees on it as far as their clocks agree.
/// </summary>
internal readonly record struct TypingEntry(DateTimeOffset ExpiresAt, string DisplayName)
{
    public string Format() => $"{ExpiresAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)} {DisplayName}";

    public static bool TryParse(string? value, out TypingEntry entry)
    {
        var space = value?.IndexOf(' ', StringComparison.Ordinal) ?? -1;
        if (space > 0 && long.TryParse(value.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out var unixMs))
        {
            entry = new TypingEntry(DateTimeOffset.FromUnixTimeMilliseconds(unixMs), value![(space + 1)..]);
            return true;
        }

        entry = default;
        return false;
    }
}
