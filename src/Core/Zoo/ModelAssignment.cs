using System.Globalization;
using CsvHelper;

namespace WeightSpace.Core.Zoo;

public sealed record ModelAssignment(int ModelId, string ModelDir, SplitPart Split);
