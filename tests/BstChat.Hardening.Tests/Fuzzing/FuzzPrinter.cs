using System.Text;

namespace BstChat.Hardening.Tests.Fuzzing;

/// <summary>Short, unambiguous renderings of steps for failure reports (long and invisible characters spelled out).</summary>
public static class FuzzPrinter
{
    public static string Shorten(string? text)
    {
        if (text is null)
        {
            return "null";
        }

        var shown = new StringBuilder();
        foreach (var c in text.Length > 40 ? text[..40] : text)
        {
            shown.Append(c is < ' ' or > '~' ? $"\\u{(int)c:x4}" : c.ToString());
        }

        return text.Length > 40 ? $"{shown}…({text.Length} chars)" : shown.ToString();
    }

    public static string Print(FuzzStep step) =>
        $"{step.Action} by {step.User} on {step.Target}: text \"{Shorten(step.Text)}\", clientId {Shorten(step.ClientId)}, body {step.Body}, query {Shorten(step.Query)}, limit {Shorten(step.Limit)}, pick {step.Pick}";

    public static string Print(FuzzStep[] steps) =>
        string.Join('\n', steps.Select((step, i) => $"  {i + 1,3}. {Print(step)}"));
}
