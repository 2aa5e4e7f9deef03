using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BstChat.AspNetCore.Tests;

/// <summary><c>MapBstChat()</c> refuses, with a message saying what to add, to map a chat it cannot serve.</summary>
public sealed class RegistrationTests
{
    [Fact]
    public async Task MapBstChat_without_AddBstChat_throws_naming_AddBstChat()
    {
        await using var app = WebApplication.CreateSlimBuilder().Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapBstChat("/chat"));

        Assert.Contains("AddBstChat()", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapBstChat_with_AddBstChat_but_no_store_throws_naming_the_store()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddBstChat();
        await using var app = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapBstChat("/chat"));

        Assert.Contains("store", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("AddInMemoryStore()", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapBstChat_with_AddBstChat_and_a_store_maps_the_chat()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddBstChat().AddInMemoryStore();
        await using var app = builder.Build();

        app.MapBstChat("/chat");

        var routes = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>().Select(e => e.RoutePattern.RawText);
        Assert.Contains("/chat/conversations/{conversationId}/changes", routes);
    }
}
