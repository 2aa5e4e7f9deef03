using Microsoft.EntityFrameworkCore;

namespace BstChat.Storage.EfCore.Tests.Hosting;

/// <summary>A host application's own context: its own entities, plus BstChat's tables, no base class.</summary>
public class LessonDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Lesson> Lessons => Set<Lesson>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Lesson>().ToTable("lessons");
        modelBuilder.UseBstChat();
    }
}

/// <summary>The same host, keeping BstChat in a schema of its own with a larger text column.</summary>
public sealed class SchemaLessonDbContext(DbContextOptions<SchemaLessonDbContext> options) : LessonDbContext(options)
{
    public const string Schema = "chat";
    public const int MaxMessageLength = 8000;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Lesson>().ToTable("lessons");
        modelBuilder.UseBstChat(Schema, MaxMessageLength);
    }
}

/// <summary>A host entity.</summary>
public sealed class Lesson
{
    public int Id { get; set; }

    public required string Subject { get; set; }
}
