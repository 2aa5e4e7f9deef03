using System.Net;
using BstChat.AspNetCore.Tests.Infrastructure;
using static BstChat.AspNetCore.Tests.Infrastructure.ChatSeed;

namespace BstChat.AspNetCore.Tests;

// A send retried with its clientMessageId stores one message, however the retries arrive.
public abstract partial class ChatApiTests
{
    [Fact]
    public async Task Replaying_a_send_with_the_same_clientMessageId_answers_200_with_the_same_message()
    {
        var host = await StartHostAsync();
        var ben = host.CreateClient(Ben.Id);

        using var first = await ben.PostMessageAsync(AnnaBen, "Sorry I'm late", "retry-1");
        using var replay = await ben.PostMessageAsync(AnnaBen, "Sorry I'm late", "retry-1");

        var created = await first.ReadAsync<ApiMessage>(HttpStatusCode.Created);
        var replayed = await replay.ReadAsync<ApiMessage>(HttpStatusCode.OK);
        Assert.Equal(new Uri($"{ChatHttp.MessagesPath(AnnaBen)}/{created.Id}", UriKind.Relative), first.Headers.Location);
        Assert.Equal(created, replayed);
        Assert.Equal("retry-1", created.ClientMessageId);
        Assert.Single((await ben.GetHistoryAsync(AnnaBen)).Messages);
    }

    [Fact]
    public async Task Concurrent_sends_with_one_clientMessageId_create_exactly_one_message()
    {
        var host = await StartHostAsync();
        var ben = host.CreateClient(Ben.Id);

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => ben.PostMessageAsync(AnnaBen, "Only once", "burst-1")));
        try
        {
            Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
            Assert.Equal(9, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
            var messages = await Task.WhenAll(responses.Select(r => r.ReadAsync<ApiMessage>(r.StatusCode)));
            Assert.Single(messages.Select(m => m.Id).Distinct());
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }

        var history = await ben.GetHistoryAsync(AnnaBen);
        Assert.Equal("Only once", Assert.Single(history.Messages).Text);
        Assert.Equal(1, (await ben.GetConversationAsync(AnnaBen)).LastSeq);
    }

    [Fact]
    public async Task The_same_clientMessageId_from_two_senders_makes_two_messages()
    {
        var host = await StartHostAsync();

        var fromAnna = await host.CreateClient(Anna.Id).SendMessageAsync(AnnaBen, "Hello", "hello-1");
        var fromBen = await host.CreateClient(Ben.Id).SendMessageAsync(AnnaBen, "Hello", "hello-1");

        Assert.NotEqual(fromAnna.Id, fromBen.Id);
        Assert.Equal((1L, 2L), (fromAnna.Seq, fromBen.Seq));
    }
}
