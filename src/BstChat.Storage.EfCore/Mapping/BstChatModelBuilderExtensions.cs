using BstChat.Storage.EfCore.Mapping;

namespace Microsoft.EntityFrameworkCore;

/// <summary>Adds BstChat's tables to any <see cref="DbContext"/>.</summary>
public static class BstChatModelBuilderExtensions
{
    /// <summary>
    /// Adds BstChat's tables to this model: <c>bstchat_conversations</c>, <c>bstchat_members</c>,
    /// <c>bstchat_messages</c>, <c>bstchat_message_revisions</c> (the record of edits and deletes), <c>bstchat_files</c>
    /// (file records) and, used only with <c>AddEntityFrameworkCoreFileStore</c>, <c>bstchat_file_contents</c> and
    /// <c>bstchat_file_chunks</c> (file content), with their keys and indexes. Call it from your context's
    /// <c>OnModelCreating</c>; the tables then come with your migrations. No base class is needed.
    /// </summary>
    /// <param name="modelBuilder">The model builder of the host's context.</param>
    /// <param name="schema">The schema for BstChat's tables, or <see langword="null"/> for the context's default.</param>
    /// <param name="maxMessageLength">
    /// The size of the message text column. The model is built once, before options are read, so
    /// pass the same value as <see cref="BstChat.BstChatOptions.MaxMessageLength"/> when you change that
    /// (default 4000); the store throws on first use when the option is larger than the column.
    /// </param>
    /// <returns>The model builder.</returns>
    public static ModelBuilder UseBstChat(this ModelBuilder modelBuilder, string? schema = null, int maxMessageLength = ColumnLengths.DefaultMaxMessageLength)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessageLength, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessageLength, 1_000_000);
        if (schema is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(schema);
        }

        modelBuilder.ApplyConfiguration(new ConversationEntityConfiguration(schema));
        modelBuilder.ApplyConfiguration(new MemberEntityConfiguration(schema));
        modelBuilder.ApplyConfiguration(new MessageEntityConfiguration(schema, maxMessageLength));
        modelBuilder.ApplyConfiguration(new MessageRevisionEntityConfiguration(schema, maxMessageLength));
        modelBuilder.ApplyConfiguration(new FileEntityConfiguration(schema));
        modelBuilder.ApplyConfiguration(new FileContentEntityConfiguration(schema));
        modelBuilder.ApplyConfiguration(new FileChunkEntityConfiguration(schema));
        return modelBuilder;
    }
}
