namespace BstChat.Testing;

/// <summary>An empty PostgreSQL database of the test's own on <see cref="SharedPostgres"/>, dropped on dispose.</summary>
public sealed class TemporaryPostgresDatabase : IAsyncDisposable
{
    private readonly string _name;

    private TemporaryPostgresDatabase(string name, string connectionString)
    {
        _name = name;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static async Task<TemporaryPostgresDatabase> CreateAsync()
    {
        var name = $"bstchat_sample_{Guid.NewGuid():N}"[..30];
        return new TemporaryPostgresDatabase(name, await SharedPostgres.CreateDatabaseAsync(name));
    }

    public async ValueTask DisposeAsync() => await SharedPostgres.DropDatabaseAsync(_name);
}
