namespace BstChat.AspNetCore.Tests;

/// <summary>The HTTP API suite against the in-memory store (the default of <see cref="ChatApiTests.ConfigureStore"/>).</summary>
public sealed class InMemoryChatApiTests : ChatApiTests;
