using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BstChat.Storage.EfCore.Mapping;

/// <summary>
/// Maps <see cref="MessageRevisionEntity"/> to <c>bstchat_message_revisions</c>, the append-only
/// record of edits and deletes. Keyed by (conversation, change seq): each change takes one seq, so
/// a change has at most one record, written in the change's own transaction.
/// </summary>
internal sealed class MessageRevisionEntityConfiguration(string? schema, int maxMessageLength) : IEntityTypeConfiguration<MessageRevisionEntity>
{
    public void Configure(EntityTypeBuilder<MessageRevisionEntity> builder)
    {
        builder.ToTable("bstchat_message_revisions", schema);
        builder.HasKey(r => new { r.ConversationId, r.ChangeSeq }).HasName("pk_bstchat_message_revisions");
        builder.Property(r => r.ConversationId).HasColumnName("conversation_id").HasMaxLength(ColumnLengths.Id).IsUnicode(false);
        builder.Property(r => r.ChangeSeq).HasColumnName("change_seq");
        builder.Property(r => r.MessageId).HasColumnName("message_id").HasMaxLength(ColumnLengths.Id).IsUnicode(false);
        builder.Property(r => r.Kind).HasColumnName("kind");
        builder.Property(r => r.PreviousText).HasColumnName("previous_text").HasMaxLength(maxMessageLength);
        builder.Property(r => r.ChangedBy).HasColumnName("changed_by").HasMaxLength(ColumnLengths.Name);
        builder.Property(r => r.ChangedAt).HasColumnName("changed_at");

        // A message's record is read by this index.
        builder.HasIndex(r => new { r.ConversationId, r.MessageId, r.ChangeSeq })
            .HasDatabaseName("ix_bstchat_message_revisions_conversation_message");

        builder.HasOne<ConversationEntity>().WithMany().HasForeignKey(r => r.ConversationId)
            .HasConstraintName("fk_bstchat_message_revisions_conversation").OnDelete(DeleteBehavior.Cascade);
    }
}
