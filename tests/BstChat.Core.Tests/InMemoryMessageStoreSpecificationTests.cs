using BstChat.Storage;
using BstChat.Storage.InMemory;
using BstChat.Storage.Specification;

namespace BstChat.Core.Tests;

/// <summary>The store specification against the in-memory store.</summary>
public sealed class InMemoryMessageStoreSpecificationTests : MessageStoreSpecification
{
    // One instance per test: the in-memory store is thread-safe, so every actor shares it.
    private readonly InMemoryMessageStore _store = new();

    protected override IMessageStore CreateStore() => _store;
}
