using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BstChat.Storage.EfCore.Mapping;

internal sealed class FileChunkEntityConfiguration(string? schema) : IEntityTypeConfiguration<FileChunkEntity>
{
    public void Configure(EntityTypeBuilder<FileChunkEntity> builder)
    {
        builder.ToTable("bstchat_file_chunks", schema);
        builder.HasKey(c => new { c.ContentId, c.Index }).HasName("pk_bstchat_file_chunks");
        builder.Property(c => c.ContentId).HasColumnName("content_id").HasMaxLength(ColumnLengths.Id).IsUnicode(false);
        builder.Property(c => c.Index).HasColumnName("index");
        builder.Property(c => c.Data).HasColumnName("data");
        builder.HasOne<FileContentEntity>().WithMany().HasForeignKey(c => c.ContentId)
            .HasConstraintName("fk_bstchat_file_chunks_content").OnDelete(DeleteBehavior.Cascade);
    }
}
