using Xunit;
using static BstChat.Core.Tests.ChatTestHost;

namespace BstChat.Core.Tests;

/// <summary>
/// A non-member's request costs the same store reads whether the conversation exists or not, so
/// nobody can tell existing conversation ids from the time an answer takes: the bodies are the same
/// 404 already, and the reads behind them are the same calls in the same order.
/// </summary>
public sealed class ChatServiceNonMemberCostTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public static TheoryData<string> Operations =>
    [
        "conversation", "history", "changes", "changes with a cursor", "wait", "send", "edit", "delete", "typing", "read", "revisions",
    ];

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task A_non_member_costs_the_same_reads_for_an_existing_conversation_as_for_a_missing_one(string operation)
    {
        var store = new CountingMessageStore();
        await using var host = Create(o => o.RecheckInterval = TimeSpan.FromMinutes(1), store: store);
        var existing = await host.CreateConversationAsync();
        var message = await host.SendAsync(existing, Alice);
        // Members are polling, so the existing conversation's head is in the shared reads.
        var cursor = (await host.Chat.GetChangesAsync(existing, Alice, null, TimeSpan.Zero, Cancellation)).Cursor;
        var missing = $"lesson-{Guid.NewGuid():N}";

        var forExisting = await CallsOfRefusedAsync(host, store, () => Run(host, operation, existing, message.Id, cursor));
        var forMissing = await CallsOfRefusedAsync(host, store, () => Run(host, operation, missing, message.Id, cursor));

        Assert.Equal(forExisting, forMissing);
    }

    private static async Task<IReadOnlyList<string>> CallsOfRefusedAsync(ChatTestHost host, CountingMessageStore store, Func<Task> call)
    {
        store.ClearCalls();
        var refusal = await Assert.ThrowsAsync<ChatException>(call);
        Assert.Equal(ChatErrorCodes.ConversationNotFound, refusal.Code);
        return store.Calls;
    }

    private static Task Run(ChatTestHost host, string operation, string conversationId, string messageId, ChatCursor cursor) => operation switch
    {
        "conversation" => host.Chat.GetConversationAsync(conversationId, Outsider, Cancellation).AsTask(),
        "history" => host.Chat.GetHistoryAsync(conversationId, Outsider, null, null, Cancellation).AsTask(),
        "changes" => host.Chat.GetChangesAsync(conversationId, Outsider, null, TimeSpan.Zero, Cancellation).AsTask(),
        "changes with a cursor" => host.Chat.GetChangesAsync(conversationId, Outsider, cursor, TimeSpan.Zero, Cancellation).AsTask(),
        "wait" => host.Chat.GetChangesAsync(conversationId, Outsider, cursor, TimeSpan.FromSeconds(20), Cancellation).AsTask(),
        "send" => host.Chat.SendAsync(conversationId, Outsider, "hi", null, Cancellation).AsTask(),
        "edit" => host.Chat.EditAsync(conversationId, messageId, Outsider, "hi", Cancellation).AsTask(),
        "delete" => host.Chat.DeleteAsync(conversationId, messageId, Outsider, Cancellation).AsTask(),
        "typing" => host.Chat.SetTypingAsync(conversationId, Outsider, Cancellation).AsTask(),
        "read" => host.Chat.MarkReadAsync(conversationId, Outsider, 1, Cancellation).AsTask(),
        "revisions" => host.Chat.GetRevisionsAsync(conversationId, messageId, Outsider, Cancellation).AsTask(),
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
    };
}
