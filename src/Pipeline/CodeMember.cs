using System.IO.Hashing;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Text;

namespace WeightSpace.Pipeline;

/// <summary>A method or type a stage can execute or depend on: where its source is, and a hash of its compiled form.</summary>
public sealed record CodeMember(string File, string Name, string Hash);
