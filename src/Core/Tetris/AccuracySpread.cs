using System.Globalization;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Core.Tetris;

/// <summary>Min, quartiles and max of the models' test accuracy at one epoch.</summary>
public sealed record AccuracySpread(int Epoch, double Min, double Q1, double Median, double Q3, double Max);
