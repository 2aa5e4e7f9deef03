using BstChat.Backplane.Specification;

namespace BstChat.Core.Tests;

/// <summary>The one-instance notifier and typing specification against what <c>AddBstChat()</c> registers: the in-process notifier and the in-memory typing tracker.</summary>
public sealed class InProcessChatInstanceSpecificationTests : ChatInstanceSpecification
{
    protected override void AddImplementation(BstChatBuilder builder)
    {
        // Nothing: the defaults are under test.
    }
}
