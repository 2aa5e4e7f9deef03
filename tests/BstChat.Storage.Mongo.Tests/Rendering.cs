using BstChat.Storage.Mongo.Documents;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;
using Xunit;

namespace BstChat.Storage.Mongo.Tests;

/// <summary>Renders the store's definitions to BSON the way the driver sends them.</summary>
internal static class Rendering
{
    public static RenderArgs<T> Args<T>()
    {
        DocumentClassMaps.Register();
        return new RenderArgs<T>(BsonSerializer.SerializerRegistry.GetSerializer<T>(), BsonSerializer.SerializerRegistry);
    }

    public static BsonDocument Render<T>(FilterDefinition<T> filter) => filter.Render(Args<T>());

    public static BsonValue Render<T>(UpdateDefinition<T> update) => update.Render(Args<T>());

    public static BsonDocument Render<T>(SortDefinition<T> sort) => sort.Render(Args<T>());

    public static BsonDocument Render<T>(ProjectionDefinition<T> projection) => projection.Render(Args<T>());

    public static BsonDocument Render<T>(IndexKeysDefinition<T> keys) => keys.Render(Args<T>());

    /// <summary>Asserts equality of BSON, showing both as JSON when they differ.</summary>
    public static void AssertBson(string expectedJson, BsonValue actual) =>
        Assert.Equal(BsonDocument.Parse(expectedJson).ToJson(), actual.ToJson());

    public static void AssertBson(BsonValue expected, BsonValue actual) =>
        Assert.Equal(expected.ToJson(), actual.ToJson());
}
