namespace BstChat.AspNetCore.Tests.Infrastructure;

/// <summary>
/// Everything a request could have written to a conversation, read through the host API and
/// written out as one line, so "nothing was stored" is one equality with a readable diff.
/// </summary>
public static class ConversationState
{
    public static Task<string> DescribeAsync(ChatTestHost host, string conversationId) =>
        host.UseChatAsync(async chat =>
        {
            var cancellationToken = TestContext.Current.CancellationToken;
            var details = await chat.FindConversationAsync(conversationId, cancellationToken)
                ?? throw new InvalidOperationException($"No conversation {conversationId}.");
            var reader = details.Members[0].UserId;
            var history = await chat.GetHistoryAsync(conversationId, reader, beforeSeq: null, limit: null, cancellationToken);
            var changes = await chat.GetChangesAsync(conversationId, reader, cursor: null, TimeSpan.Zero, cancellationToken);

            var readMarkers = details.Members.Select(m => $"{m.UserId}:{m.LastReadSeq}");
            var messages = history.Messages.Select(m => $"{m.Id}@{m.ChangeSeq}:'{m.Text}'");
            var typing = changes.Typing.Select(t => t.UserId);
            return $"lastSeq={details.Conversation.LastSeq}; read=[{string.Join(", ", readMarkers)}]; "
                + $"messages=[{string.Join(", ", messages)}]; typing=[{string.Join(", ", typing)}]";
        });
}
