using BstChat.Storage;
using Xunit;

namespace BstChat.Storage.Specification;

/// <summary>
/// The <see cref="IMessageStore"/> contract, as tests. A store's test project subclasses this
/// and supplies <see cref="CreateStore"/>; every test then runs against that store.
/// </summary>
/// <remarks>
/// Tests use fresh conversation ids, so one database may serve the whole run.
/// </remarks>
public abstract class MessageStoreSpecification
{
    /// <summary>
    /// Returns a store over the shared test data. Concurrent tests call it once per parallel
    /// actor (writer or reader), so a store that is not thread-safe (one DbContext) may return a
    /// new instance each time; all instances must see the same data.
    /// </summary>
    protected abstract IMessageStore CreateStore();

    /// <summary>A conversation id unique to this test run.</summary>
    protected static string NewConversationId(string prefix = "spec") => $"{prefix}-{Guid.NewGuid():N}";

    [Fact]
    public async Task A_new_conversation_starts_at_seq_zero()
    {
        var store = CreateStore();
        var id = NewConversationId();
        var now = DateTimeOffset.UtcNow;
        var created = await store.CreateConversationAsync(
            new Conversation { Id = id, Title = "Algebra", CreatedAt = now, LastChangeAt = now },
            TestContext.Current.CancellationToken);

        Assert.Equal(id, created.Id);
        Assert.Equal(0, created.LastSeq);
    }
}
