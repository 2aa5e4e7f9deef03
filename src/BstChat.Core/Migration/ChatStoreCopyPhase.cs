namespace BstChat.Migration;

/// <summary>What a <see cref="ChatStoreCopier"/> is doing.</summary>
public enum ChatStoreCopyPhase
{
    /// <summary>Copying rows from the source to the target.</summary>
    Copying = 0,

    /// <summary>Comparing the target with the source.</summary>
    Verifying = 1,
}
