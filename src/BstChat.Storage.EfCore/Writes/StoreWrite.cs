namespace BstChat.Storage.EfCore.Writes;

/// <summary>A write that takes a conversation's sequence number when it changes something: a send, an edit or a delete.</summary>
internal abstract record StoreWrite(string ConversationId);

/// <summary>A send, its times already at the store's precision.</summary>
internal sealed record SendWrite(NewMessage Message) : StoreWrite(Message.ConversationId);

/// <summary>An edit or a delete, its time already at the store's precision.</summary>
internal sealed record ChangeWrite(MessageUpdate Update) : StoreWrite(Update.ConversationId);
