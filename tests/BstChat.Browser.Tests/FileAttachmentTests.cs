using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BstChat.Browser.Tests;

/// <summary>
/// Files in the widget: an image pasted into the composer reaches the other user as a picture
/// that opens full size, a document picked with the attach button as a download link with its
/// size, and a file the server refuses is said in plain words and sends nothing.
/// </summary>
public sealed class FileAttachmentTests(BrowserFixture fixture)
{
    /// <summary>A hang guard for a page-side wait, not a bound: generous, so a busy machine never trips it.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Draws a 300 x 200 PNG on a canvas and pastes it into the widget's composer as a real paste
    /// event does: a ClipboardEvent whose DataTransfer holds the file.
    /// </summary>
    private const string PasteImage = """
        async name => {
          const canvas = document.createElement("canvas");
          canvas.width = 300;
          canvas.height = 200;
          const g = canvas.getContext("2d");
          g.fillStyle = "#2f6fde";
          g.fillRect(0, 0, 300, 200);
          g.fillStyle = "#ffffff";
          g.fillRect(40, 40, 120, 80);
          const blob = await new Promise(resolve => canvas.toBlob(resolve, "image/png"));
          const data = new DataTransfer();
          data.items.add(new File([blob], name, { type: "image/png" }));
          const composer = document.querySelector("bst-chat").shadowRoot.querySelector("textarea");
          composer.focus();
          composer.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true, composed: true }));
        }
        """;

    /// <summary>Resolves once the image has loaded (true) or failed (false).</summary>
    private const string Loaded = """
        img => img.complete ? img.naturalWidth > 0 : new Promise(resolve => {
          img.addEventListener("load", () => resolve(true), { once: true });
          img.addEventListener("error", () => resolve(false), { once: true });
        })
        """;

    [Fact]
    public async Task An_image_pasted_by_ben_appears_for_anna_as_a_picture_that_opens_full_size()
    {
        var browser = fixture.Browser;
        await using var scene = await LessonScene.OpenAsync(browser);
        var (anna, ben) = (scene.Anna, scene.Ben);

        await ben.Page.EvaluateAsync(PasteImage, "diagram.png");
        await Expect(Upload(ben, "diagram.png")).ToHaveCountAsync(1);
        await ben.TypeAsync("Here is the diagram");
        // Sent at once: the message waits for its upload if it is still under way.
        await ben.Composer.PressAsync("Enter");

        var message = anna.Message("Here is the diagram");
        var preview = message.Locator("img.preview");
        await Expect(preview).ToHaveCountAsync(1);
        await Expect(preview).ToHaveAttributeAsync("alt", "diagram.png");
        // The sample makes thumbnails (AddSkiaThumbnails): the list shows the thumbnail, the lightbox the file.
        await Expect(preview).ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex("/chat/conversations/lesson-1/files/[0-9a-f]{32}/thumbnail$"));
        Assert.True(await preview.EvaluateAsync<bool>(Loaded).WaitAsync(Patience, TestContext.Current.CancellationToken), "Anna's preview did not load.");
        Assert.True(await preview.EvaluateAsync<int>("img => img.naturalWidth") > 0);
        // Scaled down into the 240 px preview box, keeping its shape (300 x 200 shows as 240 x 160).
        var shown = await preview.EvaluateAsync<int[]>("img => [img.clientWidth, img.clientHeight]");
        Assert.Equal([240, 160], shown);
        await Expect(Upload(ben, "diagram.png")).ToHaveCountAsync(0);
        await Expect(ben.Message("Here is the diagram").Locator("img.preview")).ToHaveCountAsync(1);

        await Screenshots.SaveSideBySideAsync(browser, "file-attachments", ben, anna);

        // Clicking the picture opens the full image in a modal dialog; Esc closes it and focus goes back.
        var opener = message.GetByRole(AriaRole.Button, new() { Name = "Open image diagram.png" });
        await opener.ClickAsync();
        var lightbox = anna.Page.Locator("bst-chat dialog.lightbox");
        await Expect(lightbox).ToBeVisibleAsync();
        var full = lightbox.Locator("img.lightbox-image");
        await Expect(full).ToHaveAttributeAsync("alt", "diagram.png");
        await Expect(full).ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex("/chat/conversations/lesson-1/files/[0-9a-f]{32}$"));
        Assert.True(await full.EvaluateAsync<bool>(Loaded).WaitAsync(Patience, TestContext.Current.CancellationToken), "The full image did not load.");
        Assert.Equal(300, await full.EvaluateAsync<int>("img => img.naturalWidth"));
        await Expect(lightbox.Locator(".lightbox-caption")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^diagram\.png · \d+(\.\d)? (bytes|KB)$"));
        await anna.Page.Keyboard.PressAsync("Escape");
        await Expect(lightbox).ToBeHiddenAsync();
        await Expect(opener).ToBeFocusedAsync();

        // From the keyboard: Enter on the picture opens it, the Close button closes it.
        await opener.PressAsync("Enter");
        await Expect(lightbox).ToBeVisibleAsync();
        await lightbox.GetByRole(AriaRole.Button, new() { Name = "Close image" }).ClickAsync();
        await Expect(lightbox).ToBeHiddenAsync();
        // And a click on the picture itself closes it too.
        await opener.ClickAsync();
        await Expect(lightbox).ToBeVisibleAsync();
        await full.ClickAsync();
        await Expect(lightbox).ToBeHiddenAsync();

        AssertClean(anna, ben);
    }

    [Fact]
    public async Task A_document_attached_with_the_attach_button_reaches_anna_as_a_download_link_with_its_name_and_size()
    {
        var browser = fixture.Browser;
        await using var scene = await LessonScene.OpenAsync(browser);
        var (anna, ben) = (scene.Anna, scene.Ben);

        // A PDF by its first bytes (the server decides a file's type by its content), 1.2 MB.
        var pdf = new byte[1_258_291];
        Array.Fill(pdf, (byte)' ');
        Encoding.ASCII.GetBytes("%PDF-1.4\n").CopyTo(pdf, 0);
        await Expect(ben.Widget.GetByRole(AriaRole.Button, new() { Name = "Attach files" })).ToBeVisibleAsync();
        await ben.Page.Locator("bst-chat input[type=file]").SetInputFilesAsync(
            new FilePayload { Name = "worksheet.pdf", MimeType = "application/pdf", Buffer = pdf });
        await Expect(Upload(ben, "worksheet.pdf").Locator(".upload-status")).ToHaveTextAsync("Ready to send");
        // A message of a file only: no text.
        await ben.Composer.PressAsync("Enter");

        var link = anna.Messages.Locator("a.file");
        await Expect(link).ToHaveTextAsync("worksheet.pdf · 1.2 MB");
        var href = await link.GetAttributeAsync("href");
        Assert.NotNull(href);
        Assert.Contains("/chat/conversations/lesson-1/files/", href, StringComparison.Ordinal);
        // The link is Anna's to follow: the file comes to save, never to show.
        var answer = await anna.Page.EvaluateAsync<string[]>(
            "async href => { const r = await fetch(href); return [String(r.status), r.headers.get('content-disposition') ?? '', String((await r.arrayBuffer()).byteLength)]; }",
            href);
        Assert.Equal("200", answer[0]);
        Assert.StartsWith("attachment", answer[1], StringComparison.Ordinal);
        Assert.Equal(pdf.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), answer[2]);
        await Expect(anna.Messages.Locator(".text")).ToHaveCountAsync(0);
        // The inbox under the chat shows the file where the text would be.
        await Expect(anna.Page.Locator("bst-inbox li[data-conversation='lesson-1'] .preview")).ToHaveTextAsync("Ben: worksheet.pdf");

        AssertClean(anna, ben);
    }

    [Fact]
    public async Task Files_the_server_refuses_are_said_in_plain_words_and_nothing_is_sent()
    {
        var browser = fixture.Browser;
        // A small limit, so a file over it is quick to make.
        await using var scene = await LessonScene.OpenAsync(browser, new Dictionary<string, string> { ["Chat:Files:MaxFileBytes"] = "102400" });
        var (anna, ben) = (scene.Anna, scene.Ben);
        var input = ben.Page.Locator("bst-chat input[type=file]");

        // HTML is not among the types chat accepts, whatever the file is called.
        await input.SetInputFilesAsync(new FilePayload
        {
            Name = "page.html", MimeType = "text/html", Buffer = Encoding.UTF8.GetBytes("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"),
        });
        var refusedType = Upload(ben, "page.html");
        await Expect(refusedType.Locator(".upload-status")).ToHaveTextAsync("Files of this type cannot be sent here.");
        await Expect(refusedType).ToHaveAttributeAsync("data-state", "failed");

        // Over the limit: refused by its declared length, before its body is read.
        var big = new byte[300 * 1024];
        Encoding.ASCII.GetBytes("%PDF-1.4\n").CopyTo(big, 0);
        await input.SetInputFilesAsync(new FilePayload { Name = "big.pdf", MimeType = "application/pdf", Buffer = big });
        var tooLarge = Upload(ben, "big.pdf");
        await Expect(tooLarge.Locator(".upload-status")).ToHaveTextAsync("This file is larger than 100 KB.");

        // Send with only refused files: nothing goes.
        await ben.Composer.PressAsync("Enter");
        await Expect(ben.Messages).ToHaveCountAsync(0);
        Assert.Empty(await ben.StoredTextsAsync("lesson-1"));

        // An upload under way can be cancelled; it is then gone from the list and sends nothing either.
        var held = new TaskCompletionSource();
        await ben.Page.RouteAsync("**/chat/conversations/lesson-1/files", async route =>
        {
            await held.Task;
            try
            {
                await route.AbortAsync();
            }
            catch (PlaywrightException)
            {
                // The page already gave up on the request.
            }
        });
        await input.SetInputFilesAsync(new FilePayload { Name = "slow.pdf", MimeType = "application/pdf", Buffer = Encoding.ASCII.GetBytes("%PDF-1.4\nslow") });
        var slow = Upload(ben, "slow.pdf");
        await Expect(slow.Locator("progress")).ToBeVisibleAsync();
        await slow.GetByRole(AriaRole.Button, new() { Name = "Cancel upload of slow.pdf" }).ClickAsync();
        await Expect(slow).ToHaveCountAsync(0);
        held.SetResult();
        await ben.Page.UnrouteAllAsync(new() { Behavior = UnrouteBehavior.IgnoreErrors });

        // The refusals are dismissed with their button.
        await refusedType.GetByRole(AriaRole.Button, new() { Name = "Dismiss page.html" }).ClickAsync();
        await Expect(refusedType).ToHaveCountAsync(0);

        // The next message is the first anything of Ben's reaches Anna.
        await ben.SendAsync("Only this");
        await Expect(anna.Message("Only this")).ToHaveCountAsync(1);
        await Expect(anna.Messages).ToHaveCountAsync(1);
        Assert.Equal(["Only this"], await ben.StoredTextsAsync("lesson-1"));
        await Expect(anna.Page.Locator("bst-chat .attachments")).ToHaveCountAsync(0);

        AssertClean(anna, ben);
    }

    /// <summary>An item of the composer's list of files to send.</summary>
    private static ILocator Upload(UserSession user, string name) =>
        user.Page.Locator("bst-chat li.upload").Filter(new LocatorFilterOptions { Has = user.Page.Locator(".upload-name").GetByText(name) });

    private static void AssertClean(params UserSession[] users)
    {
        foreach (var user in users)
        {
            Assert.Empty(user.PageErrors);
            Assert.Empty(user.CspViolations);
        }
    }
}
