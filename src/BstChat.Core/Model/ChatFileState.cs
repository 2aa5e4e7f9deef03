namespace BstChat;

/// <summary>Where a file is in its life; a store moves it only forward, and only as <c>IChatFileCatalog</c> says.</summary>
public enum ChatFileState
{
    /// <summary>Recorded, its content still being written to the file store: nobody may read or attach it.</summary>
    Uploading,

    /// <summary>Uploaded and not yet attached: its uploader may attach it until it expires.</summary>
    Ready,

    /// <summary>Claimed by a send that may not have stored its message yet (the message id is known).</summary>
    Claimed,

    /// <summary>Carried by a stored message.</summary>
    Attached,

    /// <summary>Gone for readers: its message was deleted or it expired; its content is removed next.</summary>
    Deleted,
}
