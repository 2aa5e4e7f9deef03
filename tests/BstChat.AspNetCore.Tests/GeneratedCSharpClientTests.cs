using BstChat.AspNetCore.Tests.Infrastructure;

namespace BstChat.AspNetCore.Tests;

/// <summary>
/// A C# client Kiota (a local tool, pinned in tests/BstChat.GeneratedClient.Tests/csharp) generates
/// from the sample's own document, built outside the repository (none of its build settings apply
/// to generated code) with Program.cs beside it, and run through a conversation against the sample
/// as its own process: long-poll, send, replay, GET of the message, paging, edit, typing, read
/// marker, delete, the user feed, and refusals caught as the generated exceptions with their codes.
/// </summary>
public sealed class GeneratedCSharpClientTests
{
    private static readonly string Template = Path.Combine(ExternalTools.Folder("BstChat.GeneratedClient.Tests"), "csharp");

    [Fact]
    public async Task A_client_Kiota_generates_from_the_document_runs_a_conversation()
    {
        await using var sample = await DocumentedSample.StartAsync();
        var folder = Path.Combine(Path.GetTempPath(), $"bstchat-kiota-{Guid.NewGuid():N}");
        CopyTemplate(folder);
        try
        {
            var restored = await ExternalTools.RunAsync(folder, "dotnet", "tool", "restore");
            Assert.True(restored.ExitCode == 0, $"dotnet tool restore exited with {restored.ExitCode}:\n{restored.Output}");

            var generated = await ExternalTools.RunAsync(
                folder, "dotnet", "kiota", "generate", "--language", "CSharp", "--openapi", sample.DocumentPath, "--output", "Client",
                "--namespace-name", "BstChat.Generated", "--class-name", "ChatApiClient", "--exclude-backward-compatible", "--log-level", "Warning");
            Assert.True(generated.ExitCode == 0, $"kiota generate exited with {generated.ExitCode}:\n{generated.Output}");

            var conversation = await ExternalTools.RunAsync(folder, "dotnet", "run", "--", sample.BaseUrl);
            Assert.True(conversation.ExitCode == 0, $"The conversation failed:\n{conversation.Output}\n\nThe sample wrote:\n{sample.Sample.Output}");
            Assert.Contains("conversation complete", conversation.Output, StringComparison.Ordinal);
            TestContext.Current.TestOutputHelper?.WriteLine(conversation.Output);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void CopyTemplate(string folder)
    {
        foreach (var file in new[] { "GeneratedClientConversation.csproj", "Program.cs", Path.Combine(".config", "dotnet-tools.json") })
        {
            var target = Path.Combine(folder, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(Template, file), target);
        }
    }
}
