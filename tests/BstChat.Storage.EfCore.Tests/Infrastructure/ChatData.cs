namespace BstChat.Storage.EfCore.Tests.Infrastructure;

/// <summary>Builds test conversations and messages with fresh ids.</summary>
public static class ChatData
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<string> CreateConversationAsync(IMessageStore store, string prefix, params string[] members) =>
        await CreateConversationAsync(store, prefix, DateTimeOffset.UtcNow, members);

    public static async Task<string> CreateConversationAsync(IMessageStore store, string prefix, DateTimeOffset at, params string[] members)
    {
        var id = $"{prefix}-{Guid.NewGuid():N}";
        await store.CreateConversationAsync(new Conversation { Id = id, Title = prefix, CreatedAt = at, LastChangeAt = at }, Ct);
        foreach (var member in members)
        {
            await store.UpsertMemberAsync(new Member { ConversationId = id, UserId = member, DisplayName = member, JoinedAt = at }, Ct);
        }

        return id;
    }

    public static NewMessage Message(string conversationId, string sender, string text, string? clientMessageId = null, DateTimeOffset? at = null) => new()
    {
        Id = Guid.CreateVersion7().ToString("N"),
        ConversationId = conversationId,
        SenderId = sender,
        SenderName = sender,
        Text = text,
        ClientMessageId = clientMessageId,
        CreatedAt = at ?? DateTimeOffset.UtcNow,
    };

    public static async Task<Message> SendAsync(IMessageStore store, string conversationId, string sender, string text, DateTimeOffset? at = null)
    {
        var result = await store.AppendMessageAsync(Message(conversationId, sender, text, at: at), Ct)
            ?? throw new InvalidOperationException($"No conversation {conversationId}.");
        return result.Message;
    }
}
