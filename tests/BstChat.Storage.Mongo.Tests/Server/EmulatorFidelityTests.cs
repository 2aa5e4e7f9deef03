using Xunit;

namespace BstChat.Storage.Mongo.Tests.Server;

/// <summary>
/// The emulator looks documents up through its own index structures instead of mongomock's full
/// scans; its fidelity check (tests/MongoEmulator/fidelity_check.py) proves on random data that
/// this changes no answer, so the suites test the store against mongomock's semantics.
/// </summary>
public sealed class EmulatorFidelityTests
{
    [Fact]
    public async Task The_emulator_answers_exactly_as_plain_mongomock()
    {
        if (await MongoEmulatorProcess.FindSkipReasonAsync(TestContext.Current.CancellationToken) is { } reason)
        {
            Assert.Skip(reason);
        }

        var (exitCode, output) = await MongoEmulatorProcess.RunScriptAsync("fidelity_check.py", TestContext.Current.CancellationToken);

        Assert.True(exitCode == 0, output);
        Assert.Contains("answered as plain mongomock", output, StringComparison.Ordinal);
    }
}
