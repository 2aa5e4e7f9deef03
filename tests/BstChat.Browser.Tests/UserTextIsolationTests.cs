using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BstChat.Browser.Tests;

/// <summary>
/// One user's text never reorders or disguises another's: every name and message the widget and the
/// lessons page render sits in its own <c>dir="auto"</c> isolate, so right-to-left text or a bidi
/// override in it cannot move the time, "(edited)" or "is typing…" after it. Arabic and Hebrew still
/// read right to left, and emoji sequences arrive whole.
/// </summary>
/// <remarks>
/// The server refuses bidi overrides now, so Anna's page is told lies on the way in: her chat API
/// answers are rewritten so that Ben is called <see cref="SpoofedName"/> (Hebrew letters, then an
/// override that nothing closes) and one of his messages holds <see cref="SpoofedText"/>.
/// </remarks>
public sealed class UserTextIsolationTests(BrowserFixture fixture)
{
    private const string SpoofedName = "בן\u202E";
    private const string Placeholder = "abc-PLACEHOLDER";
    private const string SpoofedText = "abc\u202Egnp.exe!";
    private const string Hebrew = "שלום, מה שלומך? 123";
    private const string Arabic = "مرحبا، كيف حالك؟";
    private const string English = "Plain English";
    private const string Emoji = "👩‍👩‍👧 🇺🇦 👍🏽 ❤️";

    /// <summary>Whether a text node's first character is drawn left of its last: "14:05" rather than "50:41".</summary>
    private const string ReadsLeftToRight = """
        const readsLeftToRight = node => {
          const left = i => { const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1); return r.getBoundingClientRect().left; };
          return node.data.length < 2 || left(0) < left(node.data.length - 1);
        };
        """;

    [Fact]
    public async Task Names_and_texts_are_isolated_so_nothing_after_them_moves_and_scripts_keep_their_direction()
    {
        var browser = fixture.Browser;
        await using var scene = await LessonScene.OpenAsync(browser);
        var (anna, ben) = (scene.Anna, scene.Ben);

        // Through Ben's own widget and the real server: what the server accepts arrives unchanged.
        var overridden = await SendAsync(ben, $"{Placeholder}.exe");
        await ben.Widget.EvaluateAsync("(el, [id, text]) => el.connection.edit(id, text)", new[] { overridden, $"{Placeholder}.exe!" });
        foreach (var text in new[] { Hebrew, Arabic, Emoji })
        {
            await SendAsync(ben, text);
        }

        await anna.SendAsync("Did you read it?");
        await Expect(ben.Message("Did you read it?")).ToHaveCountAsync(1);
        await SendAsync(ben, English);

        await anna.Page.RouteAsync(url => url.Contains("/chat/", StringComparison.Ordinal) && !url.EndsWith(".js", StringComparison.Ordinal), SpoofAsync);
        await anna.OpenLessonAsync("lesson-1");
        await Expect(anna.Page.Locator("bst-chat li.msg[data-sender=ben]")).ToHaveCountAsync(5);
        await Expect(anna.Message("Did you read it?").Locator(".status")).ToHaveTextAsync($"Seen by {SpoofedName}");

        // Every user string is a whole isolate of its own, with its direction from its own text.
        var strings = new[] { SpoofedName, SpoofedText, Hebrew, Arabic, Emoji, English, "Did you read it?" };
        var found = JsonSerializer.Deserialize<IsolatedText[]>(await anna.Widget.EvaluateAsync<string>("""
            (host, strings) => {
              const found = [];
              const walker = document.createTreeWalker(host.shadowRoot, NodeFilter.SHOW_TEXT);
              for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                if (!strings.includes(node.data)) continue;
                const parent = node.parentElement;
                found.push({ text: node.data, tag: parent.tagName, dir: parent.getAttribute("dir"),
                  unicodeBidi: getComputedStyle(parent).unicodeBidi, direction: getComputedStyle(parent).direction, alone: parent.childNodes.length === 1 });
              }
              return JSON.stringify(found);
            }
            """, strings), Json)!;
        Assert.All(strings, s => Assert.Contains(found, f => f.Text == s));
        Assert.All(found, f => Assert.True(f is { Dir: "auto", UnicodeBidi: "isolate", Alone: true }, $"Not isolated: {f}"));
        Assert.Contains(found, f => f.Text == SpoofedName && f.Tag == "BDI");
        Assert.All(found.Where(f => f.Text is Hebrew or Arabic or SpoofedName), f => Assert.Equal("rtl", f.Direction));
        Assert.All(found.Where(f => f.Text is English or SpoofedText), f => Assert.Equal("ltr", f.Direction));

        // Ben's name is followed by the time, still to its right and still reading "14:05"; "(edited)" reads as itself.
        var header = JsonSerializer.Deserialize<Placement>(await anna.Widget.EvaluateAsync<string>("host => {" + ReadsLeftToRight + """
              const li = host.shadowRoot.querySelector("li.msg.group-start[data-sender=ben]");
              const name = li.querySelector(".sender").getBoundingClientRect();
              const time = li.querySelector("time");
              const edited = host.shadowRoot.querySelector("li.msg[data-sender=ben] .edited");
              return JSON.stringify({ nameRight: name.right, nextLeft: time.getBoundingClientRect().left,
                nextReadsLeftToRight: readsLeftToRight(time.firstChild) && readsLeftToRight(edited.firstChild) });
            }
            """), Json)!;
        Assert.True(header.NextLeft >= header.NameRight - 0.5, $"The time starts at {header.NextLeft}, left of the name's end at {header.NameRight}.");
        Assert.True(header.NextReadsLeftToRight, "The time or \"(edited)\" is drawn reversed.");

        // "… is typing" stays after the name and reads as itself. Measured the moment the line shows the
        // name (typing expires), by character offsets, so the measure needs no particular markup.
        var typingShown = anna.Widget.EvaluateAsync<string>("""
            (host, name) => new Promise(resolve => {
              const typing = host.shadowRoot.querySelector(".typing");
              // The box of the line's characters [from, to), whichever text nodes hold them.
              const box = (from, to) => {
                const range = document.createRange();
                let offset = 0;
                const walker = document.createTreeWalker(typing, NodeFilter.SHOW_TEXT);
                for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                  const end = offset + node.data.length;
                  if (from >= offset && from < end) range.setStart(node, from - offset);
                  if (to > offset && to <= end) { range.setEnd(node, to - offset); break; }
                  offset = end;
                }
                return range.getBoundingClientRect();
              };
              const measure = () => {
                const line = typing.textContent;
                if (!line.startsWith(name)) return;
                observer.disconnect();
                const isolate = typing.querySelector("bdi");
                resolve(JSON.stringify({ nameRight: box(0, name.length).right, nextLeft: box(name.length, line.length).left,
                  nextReadsLeftToRight: box(name.length + 1, name.length + 2).left < box(line.length - 1, line.length).left,
                  line, name: isolate?.textContent ?? null, dir: isolate?.getAttribute("dir") ?? null }));
              };
              const observer = new MutationObserver(measure);
              observer.observe(typing, { childList: true, subtree: true, characterData: true });
              measure();
            })
            """, SpoofedName);
        await ben.TypeAsync("I am typing");
        // A hang guard only: the line shows Ben's name within seconds.
        var typing = JsonSerializer.Deserialize<Placement>(await typingShown.WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken), Json)!;
        Assert.Equal(($"{SpoofedName} is typing…", SpoofedName, "auto"), (typing.Line, typing.Name, typing.Dir));
        Assert.True(typing.NextLeft >= typing.NameRight - 0.5, $"\"is typing…\" starts at {typing.NextLeft}, left of the name's end at {typing.NameRight}.");
        Assert.True(typing.NextReadsLeftToRight, "\"is typing…\" is drawn reversed.");

        // The lessons page: the title and lessons.js's preview are isolates too.
        await anna.Page.GotoAsync("/lessons");
        var item = anna.Page.Locator("li[data-conversation='lesson-1']");
        await Expect(item.Locator("a bdi[dir=auto]")).ToHaveTextAsync("Lesson 1: Algebra");
        var preview = item.Locator("[data-preview] bdi[dir=auto]");
        await Expect(preview).ToHaveTextAsync([SpoofedName, English]);
        await Expect(item.Locator("[data-preview]")).ToHaveTextAsync($"{SpoofedName}: {English}");

        Assert.Empty(anna.PageErrors);
        Assert.Empty(ben.PageErrors);
    }

    [Fact]
    public async Task Right_to_left_text_and_emoji_sequences_reach_the_other_user_as_written()
    {
        var browser = fixture.Browser;
        await using var scene = await LessonScene.OpenAsync(browser);
        var (anna, ben) = (scene.Anna, scene.Ben);

        foreach (var text in new[] { Hebrew, Arabic, Emoji })
        {
            await ben.SendAsync(text);
            var shown = anna.Message(text).Locator(".text");
            await Expect(shown).ToHaveTextAsync(text);
            await Expect(shown).ToHaveAttributeAsync("dir", "auto");
            await Expect(shown).ToHaveCSSAsync("direction", text == Emoji ? "ltr" : "rtl");
        }

        Assert.Equal([Hebrew, Arabic, Emoji], await anna.StoredTextsAsync("lesson-1"));
        Assert.Empty(anna.PageErrors);
        Assert.Empty(ben.PageErrors);
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Sends through the user's widget connection and returns the stored message's id.</summary>
    private static Task<string> SendAsync(UserSession user, string text) =>
        user.Widget.EvaluateAsync<string>("async (el, text) => (await el.connection.send(text)).id", text);

    /// <summary>Passes a chat API answer on with Ben renamed and the placeholder turned into an override.</summary>
    private static async Task SpoofAsync(IRoute route)
    {
        try
        {
            // No client-side timeout: a long poll is held by the server for as long as it likes.
            var response = await route.FetchAsync(new RouteFetchOptions { Timeout = 0 });
            var headers = response.Headers.Where(h => !h.Key.Equals("content-length", StringComparison.OrdinalIgnoreCase))
                .ToDictionary(h => h.Key, h => h.Value);
            var body = await response.TextAsync();
            if (headers.TryGetValue("content-type", out var type) && type.StartsWith("application/json", StringComparison.Ordinal))
            {
                body = body.Replace("\"Ben\"", JsonSerializer.Serialize(SpoofedName), StringComparison.Ordinal)
                    .Replace(Placeholder, "abc\\u202Egnp", StringComparison.Ordinal);
            }

            await route.FulfillAsync(new RouteFulfillOptions { Status = response.Status, Headers = headers, Body = body });
        }
        catch (PlaywrightException) when (route.Request.Frame.Page.IsClosed)
        {
            // The test is over; a held long poll went with the page.
        }
    }

    private sealed record IsolatedText(string Text, string Tag, string? Dir, string UnicodeBidi, string Direction, bool Alone);

    private sealed record Placement(double NameRight, double NextLeft, bool NextReadsLeftToRight, string? Line = null, string? Name = null, string? Dir = null);
}
