using System.Net;
using System.Threading.RateLimiting;
using BstChat.AspNetCore.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static BstChat.AspNetCore.Tests.Infrastructure.ChatSeed;

namespace BstChat.AspNetCore.Tests;

// The abuse limits beyond bad input (BadInput covers message length, page size and body size,
// HeldWaits the per-user wait cap): every refusal is 429 problem details with a stable code and
// a Retry-After, and stores nothing. The token buckets refill at 1 a minute here, so no test
// depends on how fast it runs.
public abstract partial class ChatApiTests
{
    private static readonly TokenBucketLimit TwoThenOneAMinute = new() { Burst = 2, PerMinute = 1 };

    [Fact]
    public async Task A_send_over_the_write_rate_is_refused_with_429_and_Retry_After_and_stores_nothing()
    {
        var host = await StartHostAsync(o => o.WriteRate = TwoThenOneAMinute);
        var ben = host.CreateClient(Ben.Id);
        await ben.SendMessageAsync(AnnaBen, "one");
        await ben.SendMessageAsync(AnnaBen, "two");
        var before = await ConversationState.DescribeAsync(host, AnnaBen);

        using var third = await ben.PostMessageAsync(AnnaBen, "three");

        await AssertRateLimitedAsync(third, ChatErrorCodes.TooManyWrites);
        Assert.Equal(before, await ConversationState.DescribeAsync(host, AnnaBen));
        // The bucket is Ben's alone.
        await host.CreateClient(Anna.Id).SendMessageAsync(AnnaBen, "Anna is not limited");
    }

    [Fact]
    public async Task Edits_and_deletes_spend_the_same_write_rate_as_sends()
    {
        var host = await StartHostAsync(o => o.WriteRate = TwoThenOneAMinute);
        var ben = host.CreateClient(Ben.Id);
        var sent = await ben.SendMessageAsync(AnnaBen, "typo");
        using (var edit = await ben.PatchMessageAsync(AnnaBen, sent.Id, "fixed"))
        {
            Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        }

        var before = await ConversationState.DescribeAsync(host, AnnaBen);

        using var delete = await ben.DeleteMessageAsync(AnnaBen, sent.Id);
        using var secondEdit = await ben.PatchMessageAsync(AnnaBen, sent.Id, "again");

        await AssertRateLimitedAsync(delete, ChatErrorCodes.TooManyWrites);
        await AssertRateLimitedAsync(secondEdit, ChatErrorCodes.TooManyWrites);
        Assert.Equal(before, await ConversationState.DescribeAsync(host, AnnaBen));
    }

    [Fact]
    public async Task Typing_over_the_typing_rate_is_refused_with_429_and_Retry_After_and_changes_nothing()
    {
        var host = await StartHostAsync(o => (o.TypingRate, o.TypingTimeout) = (TwoThenOneAMinute, TimeSpan.FromMinutes(1)));
        var ben = host.CreateClient(Ben.Id);
        var anna = host.CreateClient(Anna.Id);
        using (var first = await ben.PostTypingAsync(AnnaBen))
        using (var second = await anna.PostTypingAsync(AnnaBen))
        {
            Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, second.StatusCode);
        }

        using (var third = await ben.PostTypingAsync(AnnaBen))
        {
            Assert.Equal(HttpStatusCode.NoContent, third.StatusCode);
        }

        var before = await ConversationState.DescribeAsync(host, AnnaBen);
        var seen = await anna.GetChangesAsync(AnnaBen);

        using var fourth = await ben.PostTypingAsync(AnnaBen);

        await AssertRateLimitedAsync(fourth, ChatErrorCodes.TooManyTypingSignals);
        Assert.Equal(before, await ConversationState.DescribeAsync(host, AnnaBen));
        // Not even a wake-up: Anna's cursor still describes the conversation.
        Assert.Equal(seen.Cursor, (await anna.GetChangesAsync(AnnaBen, seen.Cursor, wait: 0)).Cursor);
        // Typing spends its own bucket, not the writes'.
        await ben.SendMessageAsync(AnnaBen, "Still allowed to send");
    }

    [Fact]
    public async Task A_request_a_cross_site_form_could_send_spends_none_of_the_users_rate()
    {
        var host = await StartHostAsync(o => (o.WriteRate, o.TypingRate) = (TwoThenOneAMinute, TwoThenOneAMinute));
        var ben = host.CreateClient(Ben.Id);

        for (var i = 0; i < 5; i++)
        {
            using var form = await ben.PostAsync(ChatHttp.MessagesPath(AnnaBen), new FormUrlEncodedContent([new("text", "forged")]), Cancellation);
            using var typing = await ben.PostAsync($"{ChatHttp.ConversationPath(AnnaBen)}/typing", new FormUrlEncodedContent([]), Cancellation);
            await form.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, ChatErrorCodes.UnsupportedMediaType);
            await typing.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, ChatErrorCodes.UnsupportedMediaType);
        }

        await ben.SendMessageAsync(AnnaBen, "one");
        await ben.SendMessageAsync(AnnaBen, "two");
        using var typed = await ben.PostTypingAsync(AnnaBen);
        Assert.Equal(HttpStatusCode.NoContent, typed.StatusCode);
    }

    [Fact]
    public async Task A_wait_over_the_total_cap_is_refused_with_429_and_Retry_After_for_any_user()
    {
        var host = await StartHostAsync(o => (o.MaxConcurrentWaitsPerUser, o.MaxConcurrentWaits) = (2, 2));
        var ben = host.CreateClient(Ben.Id);
        var anna = host.CreateClient(Anna.Id);
        var start = await ben.GetChangesAsync(AnnaBen);
        var held = new[]
        {
            ben.GetChangesAsync(AnnaBen, start.Cursor, wait: ChatTestHost.HeldWaitSeconds),
            ben.GetChangesAsync(AnnaBen, start.Cursor, wait: ChatTestHost.HeldWaitSeconds),
        };
        await host.WaitForWaitingRequestsAsync(2);

        using var annas = await anna.RequestChangesAsync(AnnaBen, start.Cursor, wait: ChatTestHost.HeldWaitSeconds);

        await AssertRateLimitedAsync(annas, ChatErrorCodes.TooManyWaitsInTotal);
        // Polling is never refused, and the held waits still get the next message.
        Assert.Empty((await anna.GetChangesAsync(AnnaBen, start.Cursor, wait: 0)).Messages);
        var sent = await anna.SendMessageAsync(AnnaBen, "Room for one more?");
        Assert.All(await Task.WhenAll(held), changes => Assert.Equal(sent.Id, Assert.Single(changes.Messages).Id));
    }

    [Fact]
    public async Task The_inbox_lists_at_most_MaxInboxConversations_latest_first_with_hasMore()
    {
        var host = await StartHostAsync(o => o.MaxInboxConversations = 1);
        var ben = host.CreateClient(Ben.Id);
        var chloe = host.CreateClient(Chloe.Id);
        await host.CreateClient(Anna.Id).SendMessageAsync(Lesson, "Latest change is here");

        var capped = await ben.GetInboxAsync();
        var withinCap = await chloe.GetInboxAsync();

        Assert.Equal(Lesson, Assert.Single(capped.Conversations).Id);
        Assert.True(capped.HasMore);
        Assert.Equal(Lesson, Assert.Single(withinCap.Conversations).Id);
        Assert.False(withinCap.HasMore);
    }

    [Fact]
    public async Task A_host_policy_registered_under_the_policy_name_replaces_the_default()
    {
        var host = await StartHostAsync(
            o => o.WriteRate = TwoThenOneAMinute,
            services => services.AddKeyedSingleton(ChatRateLimitPolicies.Writes,
                PartitionedRateLimiter.Create<string, string>(userId => RateLimitPartition.GetNoLimiter(userId))));
        var ben = host.CreateClient(Ben.Id);

        for (var i = 0; i < 5; i++)
        {
            await ben.SendMessageAsync(AnnaBen, $"message {i}");
        }

        Assert.Equal(5, (await ben.GetHistoryAsync(AnnaBen)).Messages.Count);
    }

    [Fact]
    public async Task Reads_over_the_read_rate_are_refused_with_429_and_Retry_After_whatever_they_read()
    {
        var host = await StartHostAsync(o => o.ReadRate = new TokenBucketLimit { Burst = 5, PerMinute = 1 });
        var ben = host.CreateClient(Ben.Id);
        var sent = await ben.SendMessageAsync(Lesson, "hi");
        // Five reads of five kinds spend the one bucket.
        await ben.GetInboxAsync();
        await ben.GetConversationAsync(Lesson);
        await ben.GetHistoryAsync(Lesson);
        var start = await ben.GetChangesAsync(Lesson);
        await ben.GetChangesAsync(Lesson, start.Cursor, wait: 0);

        using var inbox = await ben.GetAsync("/chat/conversations", Cancellation);
        using var history = await ben.GetAsync(ChatHttp.MessagesPath(Lesson), Cancellation);
        using var changes = await ben.RequestChangesAsync(Lesson, start.Cursor, wait: 0);
        using var waiting = await ben.RequestChangesAsync(Lesson, start.Cursor, wait: 20);
        using var revisions = await host.CreateClient(Anna.Id).GetAsync($"{ChatHttp.MessagesPath(Lesson)}/{sent.Id}/revisions", Cancellation);

        await AssertRateLimitedAsync(inbox, ChatErrorCodes.TooManyReads);
        await AssertRateLimitedAsync(history, ChatErrorCodes.TooManyReads);
        await AssertRateLimitedAsync(changes, ChatErrorCodes.TooManyReads);
        await AssertRateLimitedAsync(waiting, ChatErrorCodes.TooManyReads);
        // The bucket is Ben's alone: Anna still reads, and Ben may still write.
        Assert.Equal(HttpStatusCode.OK, revisions.StatusCode);
        await ben.SendMessageAsync(Lesson, "Writes spend another bucket");
    }

    [Fact]
    public async Task Replays_conflicts_and_refused_writes_spend_none_of_the_write_rate()
    {
        var host = await StartHostAsync(o => o.WriteRate = TwoThenOneAMinute);
        var ben = host.CreateClient(Ben.Id);
        var chloe = host.CreateClient(Chloe.Id);
        var annas = await host.CreateClient(Anna.Id).SendMessageAsync(AnnaBen, "Anna's own");
        await ben.SendMessageAsync(AnnaBen, "one", "c-1");

        for (var i = 0; i < 3; i++)
        {
            using var replay = await ben.PostMessageAsync(AnnaBen, "one", "c-1");
            using var conflict = await ben.PostMessageAsync(AnnaBen, "not one", "c-1");
            using var empty = await ben.PostMessageAsync(AnnaBen, "");
            using var othersEdit = await ben.PatchMessageAsync(AnnaBen, annas.Id, "hijacked");
            using var outsider = await chloe.PostMessageAsync(AnnaBen, "let me in");
            Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
            await conflict.AssertProblemAsync(HttpStatusCode.Conflict, ChatErrorCodes.IdempotencyConflict);
            await empty.AssertProblemAsync(HttpStatusCode.BadRequest, ChatErrorCodes.EmptyText);
            await othersEdit.AssertProblemAsync(HttpStatusCode.Forbidden, ChatErrorCodes.NotAllowed);
            await outsider.AssertProblemAsync(HttpStatusCode.NotFound, ChatErrorCodes.ConversationNotFound);
        }

        // Ben spent one of two: one more send goes through, the next is over the rate. Chloe spent nothing.
        await ben.SendMessageAsync(AnnaBen, "two");
        using var third = await ben.PostMessageAsync(AnnaBen, "three");
        await AssertRateLimitedAsync(third, ChatErrorCodes.TooManyWrites);
        await chloe.SendMessageAsync(Lesson, "one");
        await chloe.SendMessageAsync(Lesson, "two");
    }

    [Fact]
    public async Task Over_the_write_rate_a_non_member_is_still_told_404_and_a_member_429()
    {
        var host = await StartHostAsync(o => (o.WriteRate, o.TypingRate) = (new TokenBucketLimit { Burst = 1, PerMinute = 1 }, new TokenBucketLimit { Burst = 1, PerMinute = 1 }));
        var chloe = host.CreateClient(Chloe.Id);
        var sent = await chloe.SendMessageAsync(Lesson, "my one write");
        using (var typed = await chloe.PostTypingAsync(Lesson))
        {
            Assert.Equal(HttpStatusCode.NoContent, typed.StatusCode);
        }

        var before = await ConversationState.DescribeAsync(host, AnnaBen);

        using var send = await chloe.PostMessageAsync(AnnaBen, "let me in");
        using var edit = await chloe.PatchMessageAsync(AnnaBen, sent.Id, "edited");
        using var delete = await chloe.DeleteMessageAsync(AnnaBen, sent.Id);
        using var typing = await chloe.PostTypingAsync(AnnaBen);
        using var own = await chloe.PostMessageAsync(Lesson, "second write");
        using var ownTyping = await chloe.PostTypingAsync(Lesson);

        await send.AssertProblemAsync(HttpStatusCode.NotFound, ChatErrorCodes.ConversationNotFound);
        await edit.AssertProblemAsync(HttpStatusCode.NotFound, ChatErrorCodes.ConversationNotFound);
        await delete.AssertProblemAsync(HttpStatusCode.NotFound, ChatErrorCodes.ConversationNotFound);
        await typing.AssertProblemAsync(HttpStatusCode.NotFound, ChatErrorCodes.ConversationNotFound);
        await AssertRateLimitedAsync(own, ChatErrorCodes.TooManyWrites);
        await AssertRateLimitedAsync(ownTyping, ChatErrorCodes.TooManyTypingSignals);
        Assert.Equal(before, await ConversationState.DescribeAsync(host, AnnaBen));
    }

    private static async Task AssertRateLimitedAsync(HttpResponseMessage response, string code)
    {
        await response.AssertProblemAsync(HttpStatusCode.TooManyRequests, code);
        Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After was '{response.Headers.RetryAfter}'.");
    }
}
