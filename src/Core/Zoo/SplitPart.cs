using System.Globalization;
using CsvHelper;

namespace WeightSpace.Core.Zoo;

public enum SplitPart
{
    Train,
    Validation,
    Test,
}
