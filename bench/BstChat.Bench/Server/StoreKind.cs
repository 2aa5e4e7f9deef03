namespace BstChat.Bench.Server;

/// <summary>Which message store the bench server runs on.</summary>
internal enum StoreKind
{
    InMemory,
    Sqlite,
    Postgres,
}

/// <summary>Store names as the command line spells them.</summary>
internal static class StoreKinds
{
    public static StoreKind Parse(string value) => value.ToUpperInvariant() switch
    {
        "INMEMORY" => StoreKind.InMemory,
        "SQLITE" => StoreKind.Sqlite,
        "POSTGRES" => StoreKind.Postgres,
        _ => throw new ArgumentException($"Unknown store '{value}'; use inmemory, sqlite or postgres."),
    };

    public static string Name(this StoreKind kind) => kind switch
    {
        StoreKind.InMemory => "inmemory",
        StoreKind.Sqlite => "sqlite",
        _ => "postgres",
    };
}
