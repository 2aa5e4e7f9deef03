using BstChat.Storage;
using Xunit;

namespace BstChat.Core.Tests.Migration;

/// <summary>
/// Fills a store through its own operations: three conversations with sends, edits, deletes,
/// client message ids, read markers and a member who left, at times with sub-microsecond parts.
/// </summary>
internal static class SourceChat
{
    private static readonly DateTimeOffset Start = new(2025, 5, 1, 8, 0, 0, TimeSpan.Zero);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public static async Task FillAsync(IMessageStore store, int conversations = 3, int messagesEach = 7)
    {
        for (var c = 0; c < conversations; c++)
        {
            var id = $"lesson-{c}";
            var at = Start.AddMinutes(c).AddTicks(7);
            await store.CreateConversationAsync(new Conversation { Id = id, Title = $"Lesson {c}", CreatedAt = at, LastChangeAt = at }, Cancellation);
            foreach (var (user, role) in new[] { ("anna", MemberRole.Moderator), ("ben", MemberRole.Member), ("chloe", MemberRole.Member) })
            {
                await store.UpsertMemberAsync(new Member { ConversationId = id, UserId = user, DisplayName = user.ToUpperInvariant(), Role = role, JoinedAt = at }, Cancellation);
            }

            var sent = new List<Message>();
            for (var i = 0; i < messagesEach; i++)
            {
                var sender = i % 2 == 0 ? "anna" : "ben";
                var result = await store.AppendMessageAsync(
                    new NewMessage
                    {
                        Id = $"{id}-m{i}",
                        ConversationId = id,
                        SenderId = sender,
                        SenderName = sender.ToUpperInvariant(),
                        Text = $"message {i} in {id}",
                        ClientMessageId = i % 3 == 0 ? $"client-{i}" : null,
                        CreatedAt = at.AddSeconds(i + 1).AddTicks(3),
                    },
                    Cancellation);
                sent.Add(result!.Message);
            }

            await store.UpdateMessageAsync(new MessageUpdate { ConversationId = id, MessageId = sent[1].Id, NewText = "edited", At = at.AddMinutes(1).AddTicks(1), ChangedBy = "anna" }, Cancellation);
            await store.UpdateMessageAsync(new MessageUpdate { ConversationId = id, MessageId = sent[2].Id, At = at.AddMinutes(2), ChangedBy = "anna" }, Cancellation);
            await store.AdvanceReadMarkerAsync(id, "ben", 4, Cancellation);
            await store.AdvanceReadMarkerAsync(id, "anna", 99, Cancellation);
            await store.RemoveMemberAsync(id, "chloe", Cancellation);
        }
    }
}
