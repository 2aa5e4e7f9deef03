using System.Text;
using BstChat.Files;

namespace BstChat.AspNetCore.Tests.Infrastructure;

/// <summary>A scanner as a host plugs one in: it reads the content and refuses files holding a signature.</summary>
public sealed class RefusingScanner(string signature) : IChatFileScanner
{
    public async ValueTask<ChatFileScanResult> ScanAsync(ChatFileScan file, Stream content, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(content, Encoding.Latin1, leaveOpen: true);
        var text = await reader.ReadToEndAsync(cancellationToken);
        return text.Contains(signature, StringComparison.Ordinal) ? ChatFileScanResult.Refused($"{file.Name} looks like malware ({signature}).") : ChatFileScanResult.Clean;
    }
}
