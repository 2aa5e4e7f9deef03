using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using BstChat.Backplane;

namespace BstChat.Redis.Typing;

/// <summary>
/// One user's entry as a field of a conversation's typing hash: the user id is the field's name,
/// its value is <c>"{expiry unix ms} {display name}"</c>.
/// </summary>
internal static class TypingField
{
    public static string Format(TypingEntry entry) =>
        $"{entry.ExpiresAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)} {entry.User.DisplayName}";

    public static bool TryParse(string userId, string? value, [NotNullWhen(true)] out TypingEntry? entry)
    {
        var space = value?.IndexOf(' ', StringComparison.Ordinal) ?? -1;
        if (space > 0 && long.TryParse(value.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out var unixMs))
        {
            entry = new TypingEntry(new TypingUser(userId, value![(space + 1)..]), DateTimeOffset.FromUnixTimeMilliseconds(unixMs));
            return true;
        }

        entry = null;
        return false;
    }
}
