using Xunit;
using static BstChat.Core.Tests.ChatTestHost;

namespace BstChat.Core.Tests;

/// <summary>Edits and deletes keep what they replaced; moderators and the host can read it, nobody else.</summary>
public sealed class ChatServiceRevisionTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_moderator_reads_what_the_sender_edited_away_and_who_deleted_it()
    {
        await using var host = Create();
        var id = await host.CreateConversationAsync();
        var message = await host.SendAsync(id, Bob, "call me on 555 0100");
        await host.Chat.EditAsync(id, message.Id, Bob, "hi", Cancellation);
        await host.Chat.DeleteAsync(id, message.Id, Moderator, Cancellation);

        var revisions = await host.Chat.GetRevisionsAsync(id, message.Id, Moderator, Cancellation);

        Assert.Equal(
            [(MessageRevisionKind.Edited, "call me on 555 0100", Bob), (MessageRevisionKind.Deleted, "hi", Moderator)],
            revisions.Select(r => (r.Kind, r.PreviousText, r.ChangedBy)));
        Assert.Equal(revisions, await host.Chat.GetRevisionsAsync(id, message.Id, Cancellation));
    }

    [Fact]
    public async Task A_member_who_is_not_a_moderator_may_not_read_revisions_not_even_of_their_own_message()
    {
        await using var host = Create();
        var id = await host.CreateConversationAsync();
        var message = await host.SendAsync(id, Bob, "one");
        await host.Chat.EditAsync(id, message.Id, Bob, "two", Cancellation);

        var forbidden = await Assert.ThrowsAsync<ChatException>(async () => await host.Chat.GetRevisionsAsync(id, message.Id, Bob, Cancellation));
        var hidden = await Assert.ThrowsAsync<ChatException>(async () => await host.Chat.GetRevisionsAsync(id, message.Id, Outsider, Cancellation));
        var missing = await Assert.ThrowsAsync<ChatException>(async () => await host.Chat.GetRevisionsAsync(id, "no-such-message", Moderator, Cancellation));

        Assert.Equal(ChatErrorCodes.NotAllowed, forbidden.Code);
        Assert.Equal(ChatErrorCodes.ConversationNotFound, hidden.Code);
        Assert.Equal(ChatErrorCodes.MessageNotFound, missing.Code);
    }
}
