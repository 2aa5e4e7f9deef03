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
    private static readonly string Folder = ExternalTools.Folder("BstChat.GeneratedClient.Tests");

    [Fact]
    public async Task A_client_generated_from_the_document_runs_a_conversation()
    {
        await using var sample = await DocumentedSample.StartAsync();

        var generated = await ExternalTools.NpmToolAsync(Folder, "openapi-typescript", sample.DocumentPath, "-o", Path.Combine("generated", "schema.d.ts"));
        Assert.True(generated.ExitCode == 0, $"openapi-typescript exited with {generated.ExitCode}:\n{generated.Output}");

        var typeCheck = await ExternalTools.NpmToolAsync(Folder, "tsc", "-p", ".");
        Assert.True(typeCheck.ExitCode == 0, $"conversation.mjs does not type-check against the generated client:\n{typeCheck.Output}");

        var conversation = await ExternalTools.RunAsync(Folder, "node", "conversation.mjs", sample.BaseUrl);
        Assert.True(conversation.ExitCode == 0, $"The conversation failed:\n{conversation.Output}\n\nThe sample wrote:\n{sample.Sample.Output}");
        Assert.Contains("conversation complete", conversation.Output, StringComparison.Ordinal);
        TestContext.Current.TestOutputHelper?.WriteLine(conversation.Output);
    }
}
