using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BstChat.Storage.EfCore.Mapping;

internal sealed class FileContentEntityConfiguration(string? schema) : IEntityTypeConfiguration<FileContentEntity>
{
    public void Configure(EntityTypeBuilder<FileContentEntity> builder)
    {
        builder.ToTable("bstchat_file_contents", schema);
        builder.HasKey(c => c.Id).HasName("pk_bstchat_file_contents");
        builder.Property(c => c.Id).HasColumnName("id").HasMaxLength(ColumnLengths.Id).IsUnicode(false);
        builder.Property(c => c.Key).HasColumnName("key").HasMaxLength(ColumnLengths.Id).IsUnicode(false);
        builder.Property(c => c.Length).HasColumnName("length");
        builder.Property(c => c.ChunkSize).HasColumnName("chunk_size");
        builder.Property(c => c.IsComplete).HasColumnName("is_complete");
        // A read finds the key's latest complete write.
        builder.HasIndex(c => new { c.Key, c.Id }).HasDatabaseName("ix_bstchat_file_contents_key");
    }
}
