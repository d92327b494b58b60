using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using WeightSpace.Pipeline;

namespace WeightSpace.Pipeline.Params;

/// <summary>One parameter that differs between two params.json files.</summary>
public sealed record ParamChange(string Key, string? Old, string? New);
