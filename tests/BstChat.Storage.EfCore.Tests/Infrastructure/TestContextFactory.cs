using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BstChat.Storage.EfCore.Tests.Infrastructure;

/// <summary>Makes contexts over one test database, as <c>AddDbContextFactory</c> does in a host.</summary>
public sealed class TestContextFactory(TestDatabase database, IInterceptor[] interceptors) : IDbContextFactory<BstChatDbContext>
{
    public BstChatDbContext CreateDbContext() => database.CreateContext(interceptors);
}
