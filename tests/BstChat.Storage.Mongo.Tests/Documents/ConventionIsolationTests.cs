using BstChat.Storage.Mongo.Documents;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Conventions;
using Xunit;

namespace BstChat.Storage.Mongo.Tests.Documents;

/// <summary>A host's driver conventions must not rename BstChat's elements.</summary>
public sealed class ConventionIsolationTests
{
    [Fact]
    public void A_camel_case_convention_registered_by_the_host_does_not_reach_the_class_maps()
    {
        const string name = "host-camel-case";
        ConventionRegistry.Register(name, new ConventionPack { new CamelCaseElementNameConvention() }, static t => t == typeof(MessageDocument));
        try
        {
            var map = new BsonClassMap<MessageDocument>(MessageDocument.Map);
            map.Freeze();

            Assert.Equal("conversation_id", map.GetMemberMap(nameof(MessageDocument.ConversationId)).ElementName);
            Assert.Equal("client_message_id", map.GetMemberMap(nameof(MessageDocument.ClientMessageId)).ElementName);
            Assert.Equal("_id", map.IdMemberMap.ElementName);
        }
        finally
        {
            ConventionRegistry.Remove(name);
        }
    }

    [Fact]
    public void The_registered_class_maps_are_the_explicit_ones()
    {
        DocumentClassMaps.Register();

        var map = BsonClassMap.LookupClassMap(typeof(MessageDocument));

        Assert.Equal("change_seq", map.GetMemberMap(nameof(MessageDocument.ChangeSeq)).ElementName);
        Assert.Equal(14, map.AllMemberMaps.Count);
        Assert.Equal("owner", BsonClassMap.LookupClassMap(typeof(ChangeClaim)).GetMemberMap(nameof(ChangeClaim.Owner)).ElementName);
        Assert.Equal("previous_text", BsonClassMap.LookupClassMap(typeof(RevisionDocument)).GetMemberMap(nameof(RevisionDocument.PreviousText)).ElementName);
    }
}
