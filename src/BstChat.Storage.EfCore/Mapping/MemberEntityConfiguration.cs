using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BstChat.Storage.EfCore.Mapping;

/// <summary>Maps <see cref="MemberEntity"/> to <c>bstchat_members</c>, indexed by user for the inbox.</summary>
internal sealed class MemberEntityConfiguration(string? schema) : IEntityTypeConfiguration<MemberEntity>
{
    public void Configure(EntityTypeBuilder<MemberEntity> builder)
    {
        builder.ToTable("bstchat_members", schema);
        builder.HasKey(m => new { m.ConversationId, m.UserId }).HasName("pk_bstchat_members");
        builder.Property(m => m.ConversationId).HasColumnName("conversation_id").HasMaxLength(ColumnLengths.Id).IsUnicode(false);
        builder.Property(m => m.UserId).HasColumnName("user_id").HasMaxLength(ColumnLengths.Name);
        builder.Property(m => m.DisplayName).HasColumnName("display_name").HasMaxLength(ColumnLengths.Name);
        builder.Property(m => m.Role).HasColumnName("role");
        builder.Property(m => m.JoinedAt).HasColumnName("joined_at");
        builder.Property(m => m.LastReadSeq).HasColumnName("last_read_seq");

        builder.HasIndex(m => m.UserId).HasDatabaseName("ix_bstchat_members_user");
        builder.HasOne<ConversationEntity>().WithMany().HasForeignKey(m => m.ConversationId)
            .HasConstraintName("fk_bstchat_members_conversation").OnDelete(DeleteBehavior.Cascade);
    }
}
