using System.Net;
using System.Text.Json;
using BstChat.Storage.Mongo.Tests.Server;
using Xunit;

namespace BstChat.Storage.Mongo.Tests.Sample;

/// <summary>
/// The sample site with <c>Chat:Store=Mongo</c>, end to end over HTTP, against the server the
/// Mongo suites use (by default the MongoDB emulator, not mongod): sign-in, a send and its
/// replay, a long-poll woken by the send, an edit, the inbox and a read marker, and a delete.
/// </summary>
public sealed class SampleOnMongoTests(MongoServerFixture server) : IClassFixture<MongoServerFixture>
{
    // Seeded by the sample's DemoSeeder: Anna and Ben, alone together.
    private const string AnnaBen = "anna-ben";

    [Fact]
    public async Task Anna_and_Ben_chat_through_the_sample_with_its_chat_in_MongoDB()
    {
        if (server.Database is null)
        {
            Assert.Skip(server.SkipReason ?? "no MongoDB server");
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"Running against {server.Server}.");
        await using var site = MongoSampleSite.Start(server.ConnectionString, server.NewDatabaseName());
        var anna = await site.SignInAsync("anna");
        var ben = await site.SignInAsync("ben");

        // Ben waits for news; Anna's message wakes him long before the 20 s the poll may last.
        var start = await ben.ChangesAsync(AnnaBen);
        var waiting = ben.ChangesAsync(AnnaBen, Cursor(start), wait: 20);
        var sent = await anna.SendAsync(AnnaBen, "Did you finish exercise 3?", "anna-1", HttpStatusCode.Created);
        var woken = await waiting;
        Assert.Equal([Id(sent)], woken.GetProperty("messages").EnumerateArray().Select(Id));

        // A retry of the same send is the same message, stored once.
        var replay = await anna.SendAsync(AnnaBen, "Did you finish exercise 3?", "anna-1", HttpStatusCode.OK);
        Assert.Equal((Id(sent), Seq(sent)), (Id(replay), Seq(replay)));

        var edited = await anna.EditAsync(AnnaBen, Id(sent), "Did you finish exercise 4?");
        Assert.Equal(("Did you finish exercise 4?", Seq(sent) + 1), (edited.GetProperty("text").GetString(), edited.GetProperty("changeSeq").GetInt64()));

        var unread = await ben.InboxEntryAsync(AnnaBen);
        Assert.Equal((1, "Did you finish exercise 4?"), (unread.GetProperty("unreadCount").GetInt64(), unread.GetProperty("lastMessage").GetProperty("text").GetString()));
        var lastSeq = unread.GetProperty("lastSeq").GetInt64();
        Assert.Equal(2, lastSeq);

        await ben.MarkReadAsync(AnnaBen, lastSeq);
        Assert.Equal(0, (await ben.InboxEntryAsync(AnnaBen)).GetProperty("unreadCount").GetInt64());
        var members = (await anna.ConversationAsync(AnnaBen)).GetProperty("members").EnumerateArray();
        Assert.Equal(lastSeq, members.Single(m => m.GetProperty("userId").GetString() == "ben").GetProperty("lastReadSeq").GetInt64());

        await anna.DeleteAsync(AnnaBen, Id(sent));
        var tombstone = Assert.Single((await ben.ChangesAsync(AnnaBen, Cursor(woken))).GetProperty("messages").EnumerateArray());
        Assert.Equal((Id(sent), "", 3L), (Id(tombstone), tombstone.GetProperty("text").GetString(), tombstone.GetProperty("changeSeq").GetInt64()));
        Assert.NotEqual(JsonValueKind.Null, tombstone.GetProperty("deletedAt").ValueKind);
        var afterDelete = await ben.InboxEntryAsync(AnnaBen);
        Assert.Equal((3L, JsonValueKind.Null), (afterDelete.GetProperty("lastSeq").GetInt64(), afterDelete.GetProperty("lastMessage").ValueKind));
    }

    private static string Cursor(JsonElement changes) => changes.GetProperty("cursor").GetString()!;

    private static string Id(JsonElement message) => message.GetProperty("id").GetString()!;

    private static long Seq(JsonElement message) => message.GetProperty("seq").GetInt64();
}
