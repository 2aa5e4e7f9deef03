using System.Net;
using BstChat.AspNetCore.Tests.Infrastructure;

namespace BstChat.AspNetCore.Tests;

/// <summary>
/// A client generated from the sample's own document by tools nobody here wrote (openapi-typescript
/// for the types, openapi-fetch for the calls), pinned in tests/BstChat.GeneratedClient.Tests:
/// conversation.mjs type-checks against the generated types and then runs a whole conversation
/// through them against the sample as its own process: long-poll, send, the 201's Location,
/// replay, paging, edit, typing, read marker, delete, the user feed and every refusal it can provoke.
/// </summary>
public sealed class GeneratedTypeScriptClientTests
{
    private static readonly string Folder = NodeTools.Folder("BstChat.GeneratedClient.Tests");

    [Fact]
    public async Task A_client_generated_from_the_document_runs_a_conversation()
    {
        await using var sample = await SampleInstance.StartAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Chat__Store"] = "InMemory",
        });
        using var http = new HttpClient { BaseAddress = sample.BaseAddress };
        using var response = await http.GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = Path.Combine(Path.GetTempPath(), $"bstchat-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(document, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);
        try
        {
            var generated = await NodeTools.RunAsync(Folder, Path.Combine("node_modules", ".bin", "openapi-typescript"), document, "-o", Path.Combine("generated", "schema.d.ts"));
            Assert.True(generated.ExitCode == 0, $"openapi-typescript exited with {generated.ExitCode}:\n{generated.Output}");

            var typeCheck = await NodeTools.RunAsync(Folder, Path.Combine("node_modules", ".bin", "tsc"), "-p", ".");
            Assert.True(typeCheck.ExitCode == 0, $"conversation.mjs does not type-check against the generated client:\n{typeCheck.Output}");

            var conversation = await NodeTools.RunAsync(Folder, "node", "conversation.mjs", sample.BaseAddress.ToString().TrimEnd('/'));
            Assert.True(conversation.ExitCode == 0, $"The conversation failed:\n{conversation.Output}\n\nThe sample wrote:\n{sample.Output}");
            Assert.Contains("conversation complete", conversation.Output, StringComparison.Ordinal);
            TestContext.Current.TestOutputHelper?.WriteLine(conversation.Output);
        }
        finally
        {
            File.Delete(document);
        }
    }
}
