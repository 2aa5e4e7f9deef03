using Xunit;

namespace BstChat.Storage.Specification;

/// <summary>Everything a store holds, read through its export, in a store-independent order, for field-by-field comparison.</summary>
/// <param name="Conversations">Every conversation, ordered by id.</param>
/// <param name="Members">Every conversation's members, by conversation and then user id.</param>
/// <param name="Messages">Every conversation's messages, by conversation and then seq.</param>
/// <param name="Revisions">Every conversation's revisions, by conversation and then change seq.</param>
public sealed record StoreContents(List<Conversation> Conversations, List<Member> Members, List<Message> Messages, List<MessageRevision> Revisions)
{
    /// <summary>Reads everything <paramref name="store"/> holds, page by page.</summary>
    /// <param name="store">The store's export.</param>
    /// <returns>Its contents.</returns>
    public static async Task<StoreContents> ReadAsync(IChatStoreExport store)
    {
        var ct = TestContext.Current.CancellationToken;
        var conversations = new List<Conversation>();
        string? afterId = null;
        while (await store.ExportConversationsAsync(afterId, 2, ct) is { Count: > 0 } page)
        {
            conversations.AddRange(page);
            afterId = page[^1].Id;
        }

        // PostgreSQL orders ids by its collation; compare in one order.
        conversations.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        var members = new List<Member>();
        var messages = new List<Message>();
        var revisions = new List<MessageRevision>();
        foreach (var conversation in conversations)
        {
            members.AddRange((await store.ExportMembersAsync(conversation.Id, ct)).OrderBy(m => m.UserId, StringComparer.Ordinal));
            messages.AddRange(await store.ExportMessagesAsync(conversation.Id, 0, int.MaxValue, ct));
            revisions.AddRange(await store.ExportRevisionsAsync(conversation.Id, 0, int.MaxValue, ct));
        }

        return new StoreContents(conversations, members, messages, revisions);
    }

    /// <summary>Fails the test unless these contents equal <paramref name="expected"/>, row by row and field by field.</summary>
    /// <param name="expected">The contents to compare with.</param>
    public void AssertSameAs(StoreContents expected)
    {
        Assert.Equal(expected.Conversations, Conversations);
        Assert.Equal(expected.Members, Members);
        Assert.Equal(expected.Messages, Messages);
        Assert.Equal(expected.Revisions, Revisions);
    }
}
