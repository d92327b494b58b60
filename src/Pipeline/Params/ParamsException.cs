using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace WeightSpace.Pipeline.Params;

/// <summary>A params.json problem, always naming the key (dotted path) it is about.</summary>
public sealed class ParamsException(string message) : Exception(message);
