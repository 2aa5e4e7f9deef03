namespace BstChat.Storage.Mongo.Batching;

/// <summary>A write waiting for its batch: a send, or an edit or delete.</summary>
internal sealed record StoreWrite
{
    private StoreWrite(NewMessage? send, MessageUpdate? change)
    {
        Send = send;
        Change = change;
    }

    /// <summary>The send, when this write is one.</summary>
    public NewMessage? Send { get; }

    /// <summary>The edit or delete, when this write is one.</summary>
    public MessageUpdate? Change { get; }

    public string ConversationId => Send?.ConversationId ?? Change!.ConversationId;

    /// <summary>When the write was made: the conversation's last change once it is stored.</summary>
    public DateTimeOffset At => Send?.CreatedAt ?? Change!.At;

    /// <summary>The message the write stores or changes.</summary>
    public string MessageId => Send?.Id ?? Change!.MessageId;

    public static StoreWrite ForSend(NewMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new StoreWrite(message, null);
    }

    public static StoreWrite ForChange(MessageUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return new StoreWrite(null, update);
    }
}
