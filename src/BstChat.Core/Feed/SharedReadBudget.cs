namespace BstChat.Feed;

/// <summary>
/// The memory the shared reads of this process may keep, in estimated bytes. A read that does not
/// fit is still answered, just not kept for others: the budget bounds memory, never correctness.
/// </summary>
/// <remarks>
/// Without it, every distinct cursor a member asked for kept a page of up to
/// <see cref="BstChatOptions.MaxPageSize"/> messages for the re-check interval, and one member
/// flooding cursors could take the server out of memory (docs/security.md).
/// </remarks>
internal sealed class SharedReadBudget(long maxBytes)
{
    private long _reserved;

    /// <summary>The bytes reserved now; never above the maximum.</summary>
    public long Reserved => Volatile.Read(ref _reserved);

    /// <summary>Reserves <paramref name="bytes"/> if they fit in what is left.</summary>
    public bool TryReserve(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        while (true)
        {
            var reserved = Volatile.Read(ref _reserved);
            if (reserved + bytes > maxBytes)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _reserved, reserved + bytes, reserved) == reserved)
            {
                return true;
            }
        }
    }

    /// <summary>Gives back bytes reserved earlier.</summary>
    public void Release(long bytes) => Interlocked.Add(ref _reserved, -bytes);
}
