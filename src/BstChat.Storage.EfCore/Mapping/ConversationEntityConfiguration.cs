using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BstChat.Storage.EfCore.Mapping;

/// <summary>Maps <see cref="ConversationEntity"/> to <c>bstchat_conversations</c>.</summary>
internal sealed class ConversationEntityConfiguration(string? schema) : IEntityTypeConfiguration<ConversationEntity>
{
    public void Configure(EntityTypeBuilder<ConversationEntity> builder)
    {
        builder.ToTable("bstchat_conversations", schema);
        builder.HasKey(c => c.Id).HasName("pk_bstchat_conversations");
        builder.Property(c => c.Id).HasColumnName("id").HasMaxLength(ColumnLengths.Id).IsUnicode(false);
        builder.Property(c => c.Title).HasColumnName("title").HasMaxLength(ColumnLengths.Name);
        builder.Property(c => c.CreatedAt).HasColumnName("created_at");
        builder.Property(c => c.LastSeq).HasColumnName("last_seq");
        builder.Property(c => c.LastChangeAt).HasColumnName("last_change_at");
    }
}
