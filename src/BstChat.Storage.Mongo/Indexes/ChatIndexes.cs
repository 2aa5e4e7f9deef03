using BstChat.Storage.Mongo.Documents;
using MongoDB.Driver;

namespace BstChat.Storage.Mongo.Indexes;

/// <summary>
/// Every index the store relies on, each under a fixed name (docs/mongo.md lists them).
/// Uniqueness that correctness needs lives in composite <c>_id</c>s (one member per user, one
/// change per seq, one send per client message id); the unique indexes below are guards.
/// </summary>
internal static class ChatIndexes
{
    public const string MembersByConversation = "bstchat_members_by_conversation";
    public const string MembersByUser = "bstchat_members_by_user";
    public const string MessagesBySeq = "bstchat_messages_by_seq";
    public const string MessagesByChangeSeq = "bstchat_messages_by_change_seq";
    public const string ChangesBySeq = "bstchat_changes_by_seq";
    public const string FilesByState = "bstchat_files_by_state";
    public const string FilesByMessage = "bstchat_files_by_message";
    public const string FilesByUploader = "bstchat_files_by_uploader";

    // The member list in join order; the inbox starts from a user's memberships.
    public static IReadOnlyList<CreateIndexModel<MemberDocument>> Members { get; } =
    [
        new(Builders<MemberDocument>.IndexKeys.Ascending(d => d.ConversationId).Ascending(d => d.JoinedAt).Ascending(d => d.UserId),
            new CreateIndexOptions { Name = MembersByConversation }),
        new(Builders<MemberDocument>.IndexKeys.Ascending(d => d.UserId),
            new CreateIndexOptions { Name = MembersByUser }),
    ];

    public static IReadOnlyList<CreateIndexModel<MessageDocument>> Messages { get; } =
    [
        // History pages, unread counts and last messages; unique as a guard on seq handling.
        new(Builders<MessageDocument>.IndexKeys.Ascending(d => d.ConversationId).Ascending(d => d.Seq),
            new CreateIndexOptions { Name = MessagesBySeq, Unique = true }),
        // Lets a reader that fills a dead writer's gap find the change it stranded.
        new(Builders<MessageDocument>.IndexKeys.Ascending(d => d.ConversationId).Ascending(d => d.ChangeSeq),
            new CreateIndexOptions { Name = MessagesByChangeSeq }),
    ];

    public static IReadOnlyList<CreateIndexModel<ChangeDocument>> Changes { get; } =
    [
        // The change feed and the gap scan read change documents of one conversation in seq order.
        new(Builders<ChangeDocument>.IndexKeys.Ascending(d => d.ConversationId).Ascending(d => d.Seq),
            new CreateIndexOptions { Name = ChangesBySeq, Unique = true }),
    ];

    public static IReadOnlyList<CreateIndexModel<FileDocument>> Files { get; } =
    [
        // The sweeper's pages: one state, oldest change first, ties by id.
        new(Builders<FileDocument>.IndexKeys.Ascending(d => d.State).Ascending(d => d.StateChangedAt).Ascending(d => d.Id),
            new CreateIndexOptions { Name = FilesByState }),
        // Confirming and deleting a message's files; its prefix serves a conversation's usage and its file list.
        new(Builders<FileDocument>.IndexKeys.Ascending(d => d.ConversationId).Ascending(d => d.MessageId),
            new CreateIndexOptions { Name = FilesByMessage }),
        // A user's usage in every conversation.
        new(Builders<FileDocument>.IndexKeys.Ascending(d => d.UploaderId),
            new CreateIndexOptions { Name = FilesByUploader }),
    ];
}
