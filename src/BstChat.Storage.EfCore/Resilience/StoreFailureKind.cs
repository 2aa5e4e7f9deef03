namespace BstChat.Storage.EfCore.Resilience;

/// <summary>What a provider's exception means for the store.</summary>
internal enum StoreFailureKind
{
    /// <summary>Not a store failure we know: a bug or a schema problem; let it surface as is.</summary>
    Other,

    /// <summary>Lost to a concurrent writer (SQLite busy or locked, PostgreSQL serialization failure or deadlock); worth a retry.</summary>
    Contention,

    /// <summary>The database is down, unreachable or timed out.</summary>
    Unavailable,
}
