using BstChat.Packaging.Tests.Infrastructure;

// Packing is the slow part: once per run, shared by every test.
[assembly: AssemblyFixture(typeof(PackedFeed))]
