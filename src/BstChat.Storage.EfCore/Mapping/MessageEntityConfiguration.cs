using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BstChat.Storage.EfCore.Mapping;

/// <summary>
/// Maps <see cref="MessageEntity"/> to <c>bstchat_messages</c>. Its unique indexes carry the
/// change-feed rule: one message per (conversation, seq) and per (conversation, change_seq), and
/// one per (conversation, sender, client message id) for idempotent sends.
/// </summary>
internal sealed class MessageEntityConfiguration(string? schema, int maxMessageLength) : IEntityTypeConfiguration<MessageEntity>
{
    public void Configure(EntityTypeBuilder<MessageEntity> builder)
    {
        builder.ToTable("bstchat_messages", schema);
        builder.HasKey(m => m.Id).HasName("pk_bstchat_messages");
        builder.Property(m => m.Id).HasColumnName("id").HasMaxLength(ColumnLengths.Id).IsUnicode(false);
        builder.Property(m => m.ConversationId).HasColumnName("conversation_id").HasMaxLength(ColumnLengths.Id).IsUnicode(false);
        builder.Property(m => m.Seq).HasColumnName("seq");
        builder.Property(m => m.ChangeSeq).HasColumnName("change_seq");
        builder.Property(m => m.SenderId).HasColumnName("sender_id").HasMaxLength(ColumnLengths.Name);
        builder.Property(m => m.SenderName).HasColumnName("sender_name").HasMaxLength(ColumnLengths.Name);
        builder.Property(m => m.Text).HasColumnName("text").HasMaxLength(maxMessageLength);
        builder.Property(m => m.ClientMessageId).HasColumnName("client_message_id").HasMaxLength(ColumnLengths.Id).IsUnicode(false);
        builder.Property(m => m.CreatedAt).HasColumnName("created_at");
        builder.Property(m => m.EditedAt).HasColumnName("edited_at");
        builder.Property(m => m.DeletedAt).HasColumnName("deleted_at");
        builder.Property(m => m.Attachments).HasColumnName("attachments");

        // History pages, the inbox's last message and unread counts read ranges of this index.
        builder.HasIndex(m => new { m.ConversationId, m.Seq }).IsUnique()
            .HasDatabaseName("ix_bstchat_messages_conversation_seq");
        // The change feed reads ranges of this one.
        builder.HasIndex(m => new { m.ConversationId, m.ChangeSeq }).IsUnique()
            .HasDatabaseName("ix_bstchat_messages_conversation_change_seq");
        // Unquoted, so the filter reads the same on every provider; SQL Server would otherwise treat NULLs as equal.
        builder.HasIndex(m => new { m.ConversationId, m.SenderId, m.ClientMessageId }).IsUnique()
            .HasFilter("client_message_id IS NOT NULL")
            .HasDatabaseName("ix_bstchat_messages_conversation_sender_client_id");

        builder.HasOne<ConversationEntity>().WithMany().HasForeignKey(m => m.ConversationId)
            .HasConstraintName("fk_bstchat_messages_conversation").OnDelete(DeleteBehavior.Cascade);
    }
}
