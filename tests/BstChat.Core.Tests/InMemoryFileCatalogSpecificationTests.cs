using BstChat.Storage;
using BstChat.Storage.InMemory;
using BstChat.Storage.Specification;

namespace BstChat.Core.Tests;

/// <summary>The file-record specification against the in-memory store.</summary>
public sealed class InMemoryFileCatalogSpecificationTests : ChatFileCatalogSpecification
{
    private readonly InMemoryMessageStore _store = new();

    protected override IChatFileCatalog CreateCatalog() => _store;
}
