using Microsoft.EntityFrameworkCore;

namespace BstChat.Storage.EfCore;

/// <summary>
/// A context with only BstChat's tables, for hosts that keep chat in a database of its own:
/// <c>services.AddDbContext&lt;BstChatDbContext&gt;(o =&gt; o.UseSqlite("Data Source=chat.db"))</c>
/// then <c>.AddEntityFrameworkCoreStore&lt;BstChatDbContext&gt;()</c>.
/// </summary>
/// <remarks>
/// The tables use the default schema and a 4000-character text column. For another schema or
/// text size, derive from it and override <see cref="OnModelCreating"/> to call
/// <c>UseBstChat(schema, maxMessageLength)</c>, or call <c>UseBstChat</c> in a context of your own.
/// </remarks>
public class BstChatDbContext : DbContext
{
    /// <summary>Creates the context.</summary>
    /// <param name="options">The options, usually from <c>AddDbContext</c>.</param>
    public BstChatDbContext(DbContextOptions<BstChatDbContext> options)
        : base(options)
    {
    }

    /// <summary>Creates a derived context.</summary>
    /// <param name="options">The derived context's options.</param>
    protected BstChatDbContext(DbContextOptions options)
        : base(options)
    {
    }

    /// <summary>Adds BstChat's tables.</summary>
    /// <param name="modelBuilder">The model builder.</param>
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.UseBstChat();
}
