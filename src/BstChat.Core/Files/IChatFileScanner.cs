namespace BstChat.Files;

/// <summary>
/// A check the host plugs in (an antivirus, a content filter) that every upload passes before
/// it is stored. Registered as a singleton; with none registered, uploads are not scanned.
/// </summary>
public interface IChatFileScanner
{
    /// <summary>Scans one upload. Throwing fails the upload (503 if it is a <c>ChatStoreUnavailableException</c>, else 500) and stores nothing.</summary>
    /// <param name="file">What is known of the file.</param>
    /// <param name="content">The content from its start, seekable; the scanner need not rewind or dispose it.</param>
    /// <param name="cancellationToken">Cancels the scan.</param>
    /// <returns>Whether the file may be stored; a refusal is answered 422 <c>file_refused</c> with its reason.</returns>
    ValueTask<ChatFileScanResult> ScanAsync(ChatFileScan file, Stream content, CancellationToken cancellationToken);
}
