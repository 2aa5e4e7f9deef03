using BstChat.Storage;
using BstChat.Storage.InMemory;
using BstChat.Storage.Specification;

namespace BstChat.Core.Tests;

/// <summary>The export/import specification against the in-memory store.</summary>
public sealed class InMemoryChatStoreTransferSpecificationTests : ChatStoreTransferSpecification
{
    private readonly InMemoryMessageStore _store = new();

    protected override IMessageStore CreateStore() => _store;

    protected override IChatStoreImport CreateTransfer() => _store;
}
