using SkiaSharp;

namespace BstChat.Thumbnails.Skia.Tests.Infrastructure;

/// <summary>Colour checks loose enough for JPEG's loss.</summary>
internal static class ColorAssert
{
    private const int Tolerance = 40;

    public static void Near(SKColor expected, SKColor actual, string where) =>
        Assert.True(
            Math.Abs(expected.Red - actual.Red) <= Tolerance
            && Math.Abs(expected.Green - actual.Green) <= Tolerance
            && Math.Abs(expected.Blue - actual.Blue) <= Tolerance,
            $"Expected {expected} at {where}, found {actual}.");
}
