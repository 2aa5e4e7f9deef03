using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BstChat.Storage.EfCore.Mapping;

internal sealed class FileEntityConfiguration(string? schema) : IEntityTypeConfiguration<FileEntity>
{
    public void Configure(EntityTypeBuilder<FileEntity> builder)
    {
        builder.ToTable("bstchat_files", schema);
        builder.HasKey(f => f.Id).HasName("pk_bstchat_files");
        builder.Property(f => f.Id).HasColumnName("id").HasMaxLength(ColumnLengths.Id).IsUnicode(false);
        builder.Property(f => f.ConversationId).HasColumnName("conversation_id").HasMaxLength(ColumnLengths.Id).IsUnicode(false);
        builder.Property(f => f.UploaderId).HasColumnName("uploader_id").HasMaxLength(ColumnLengths.Name);
        builder.Property(f => f.Name).HasColumnName("name").HasMaxLength(ColumnLengths.Name);
        builder.Property(f => f.ContentType).HasColumnName("content_type").HasMaxLength(ColumnLengths.Name).IsUnicode(false);
        builder.Property(f => f.Size).HasColumnName("size");
        builder.Property(f => f.Width).HasColumnName("width");
        builder.Property(f => f.Height).HasColumnName("height");
        builder.Property(f => f.HasThumbnail).HasColumnName("has_thumbnail");
        builder.Property(f => f.ContentHash).HasColumnName("content_hash").HasMaxLength(ColumnLengths.Id).IsUnicode(false);
        builder.Property(f => f.CreatedAt).HasColumnName("created_at");
        builder.Property(f => f.State).HasColumnName("state");
        builder.Property(f => f.StateChangedAtTicks).HasColumnName("state_changed_at_ticks");
        builder.Property(f => f.MessageId).HasColumnName("message_id").HasMaxLength(ColumnLengths.Id).IsUnicode(false);
        builder.Property(f => f.ClientMessageId).HasColumnName("client_message_id").HasMaxLength(ColumnLengths.Id).IsUnicode(false);

        // The sweeper pages through one state, oldest change first.
        builder.HasIndex(f => new { f.State, f.StateChangedAtTicks, f.Id }).HasDatabaseName("ix_bstchat_files_state_changed");
        // Confirming or deleting a message's files, and a conversation's usage.
        builder.HasIndex(f => new { f.ConversationId, f.MessageId }).HasDatabaseName("ix_bstchat_files_conversation_message");
        // A user's usage.
        builder.HasIndex(f => f.UploaderId).HasDatabaseName("ix_bstchat_files_uploader");
    }
}
