using System.Net;
using BstChat.Storage.Mongo.Errors;
using MongoDB.Bson;
using MongoDB.Driver;
using MongoDB.Driver.Core.Clusters;
using MongoDB.Driver.Core.Connections;
using MongoDB.Driver.Core.Servers;
using Xunit;

namespace BstChat.Storage.Mongo.Tests.Errors;

/// <summary>Which driver failures count as "store unavailable".</summary>
public sealed class MongoErrorsTests
{
    private static readonly ConnectionId Connection = new(new ServerId(new ClusterId(), new DnsEndPoint("localhost", 27017)));

    [Fact]
    public void Connection_failures_and_timeouts_are_transient()
    {
        Assert.True(MongoErrors.IsTransient(new MongoConnectionException(Connection, "reset")));
        Assert.True(MongoErrors.IsTransient(new TimeoutException("server selection")));
        Assert.True(MongoErrors.IsTransient(new MongoExecutionTimeoutException(Connection, "maxTimeMS")));
        Assert.True(MongoErrors.IsTransient(new MongoNotPrimaryException(Connection, new BsonDocument(), new BsonDocument())));
    }

    [Fact]
    public void Bad_credentials_and_other_errors_are_not_transient()
    {
        Assert.False(MongoErrors.IsTransient(new MongoAuthenticationException(Connection, "bad password")));
        Assert.False(MongoErrors.IsTransient(new InvalidOperationException()));
        Assert.False(MongoErrors.IsTransient(Command(2)));
    }

    [Fact]
    public void A_command_with_code_11000_is_a_duplicate_key()
    {
        Assert.True(MongoErrors.IsDuplicateKey(Command(11000)));
        Assert.False(MongoErrors.IsDuplicateKey(Command(2)));
        Assert.False(MongoErrors.IsDuplicateKey(new TimeoutException()));
    }

    private static MongoCommandException Command(int code) =>
        new(Connection, $"code {code}", new BsonDocument("insert", "c"), new BsonDocument { { "ok", 0 }, { "code", code } });
}
