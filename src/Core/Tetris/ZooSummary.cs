using System.Globalization;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Core.Tetris;

/// <summary>What a generated zoo looks like: size and the test-accuracy spread per epoch.</summary>
public sealed record ZooSummary(int Models, int Epochs, int Parameters, IReadOnlyList<AccuracySpread> Spread);
