using MongoDB.Bson.Serialization;

namespace BstChat.Storage.Mongo.Documents;

/// <summary>
/// Registers the explicit class maps once per process. They never call <c>AutoMap</c>, so no
/// convention a host registers (camelCase names, ignore-defaults, id generators) can change
/// how BstChat's documents are written.
/// </summary>
internal static class DocumentClassMaps
{
    private static readonly Lazy<bool> Registration = new(static () =>
    {
        BsonClassMap.TryRegisterClassMap<ConversationDocument>(ConversationDocument.Map);
        BsonClassMap.TryRegisterClassMap<MemberDocument>(MemberDocument.Map);
        BsonClassMap.TryRegisterClassMap<MessageDocument>(MessageDocument.Map);
        BsonClassMap.TryRegisterClassMap<AttachmentDocument>(AttachmentDocument.Map);
        BsonClassMap.TryRegisterClassMap<ChangeDocument>(ChangeDocument.Map);
        BsonClassMap.TryRegisterClassMap<ChangeClaim>(ChangeClaim.Map);
        BsonClassMap.TryRegisterClassMap<RevisionDocument>(RevisionDocument.Map);
        BsonClassMap.TryRegisterClassMap<RevisionRow>(RevisionRow.Map);
        BsonClassMap.TryRegisterClassMap<SendClaimDocument>(SendClaimDocument.Map);
        BsonClassMap.TryRegisterClassMap<FileDocument>(FileDocument.Map);
        BsonClassMap.TryRegisterClassMap<InboxMembershipDocument>(InboxMembershipDocument.Map);
        BsonClassMap.TryRegisterClassMap<InboxSummaryDocument>(InboxSummaryDocument.Map);
        return true;
    });

    public static void Register() => _ = Registration.Value;
}
