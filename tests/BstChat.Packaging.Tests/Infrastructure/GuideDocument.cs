using System.Text.RegularExpressions;

namespace BstChat.Packaging.Tests.Infrastructure;

/// <summary>
/// docs/getting-started.md read as a script, in the page's order. Its markers are HTML comments on
/// the line just before a fenced block, which a reader of the rendered page never sees:
/// <list type="bullet">
/// <item>a <c>```bash</c> block is a <see cref="GuideStepKind.Run"/> step, every command of it run in the site's folder;</item>
/// <item><c>&lt;!-- guide-test: start the site --&gt;</c> makes a bash block a <see cref="GuideStepKind.Start"/> step, run in the background until the next start or the end;</item>
/// <item><c>&lt;!-- guide-test: skip (why) --&gt;</c> makes a bash block a <see cref="GuideStepKind.Skip"/> step, not run;</item>
/// <item><c>&lt;!-- file: PATH --&gt;</c> makes any block a <see cref="GuideStepKind.File"/> step: its text is written to PATH.</item>
/// </list>
/// Blocks in other languages without a file marker are snippets, not steps.
/// </summary>
internal sealed partial class GuideDocument
{
    private GuideDocument(IReadOnlyList<GuideStep> steps) => Steps = steps;

    public IReadOnlyList<GuideStep> Steps { get; }

    public static GuideDocument Load(string path) => Parse(File.ReadAllLines(path));

    public static GuideDocument Parse(IReadOnlyList<string> lines)
    {
        var steps = new List<GuideStep>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (Fence().Match(lines[i]) is not { Success: true } fence)
            {
                continue;
            }

            var language = fence.Groups[1].Value;
            var marker = i > 0 ? Marker().Match(lines[i - 1]) : Match.Empty;
            var body = new List<string>();
            for (i++; i < lines.Count && lines[i].TrimEnd() != "```"; i++)
            {
                body.Add(lines[i]);
            }

            if (i == lines.Count)
            {
                throw new InvalidOperationException($"A ```{language} block is never closed.");
            }

            var text = string.Join('\n', body) + "\n";
            var markerText = marker.Success ? marker.Groups[1].Value.Trim() : "";
            if (markerText.StartsWith("file:", StringComparison.Ordinal))
            {
                steps.Add(new GuideStep(GuideStepKind.File, text, markerText["file:".Length..].Trim()));
            }
            else if (language == "bash")
            {
                var kind = markerText switch
                {
                    "" => GuideStepKind.Run,
                    "guide-test: start the site" => GuideStepKind.Start,
                    _ when markerText.StartsWith("guide-test: skip", StringComparison.Ordinal) => GuideStepKind.Skip,
                    _ => throw new InvalidOperationException($"Unknown guide marker <!-- {markerText} -->."),
                };
                steps.Add(new GuideStep(kind, text, null));
            }
        }

        return new GuideDocument(steps);
    }

    /// <summary>Every command line of the page's bash blocks, run or not, without comments.</summary>
    public IEnumerable<string> CommandLines(params GuideStepKind[] kinds) =>
        Steps.Where(s => kinds.Contains(s.Kind))
            .SelectMany(s => s.Text.Split('\n'))
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'));

    [GeneratedRegex(@"^```(\w+)\s*$")]
    private static partial Regex Fence();

    [GeneratedRegex(@"^\s*<!--(.*)-->\s*$")]
    private static partial Regex Marker();
}

internal enum GuideStepKind
{
    Run,
    Start,
    Skip,
    File,
}

/// <summary>One block of the guide: commands, or a file's text and its path relative to the site's folder.</summary>
internal sealed record GuideStep(GuideStepKind Kind, string Text, string? Path);
