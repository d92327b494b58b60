using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace WeightSpace.Pipeline;

/// <summary>A file (or a file inside a folder output) with its content hash.</summary>
public sealed record HashedFile(string Path, string Hash, long Size);
