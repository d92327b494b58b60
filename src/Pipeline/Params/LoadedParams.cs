using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace WeightSpace.Pipeline.Params;

/// <summary>params.json after the chosen profile's overrides were applied.</summary>
/// <param name="Sections">Every top-level section except "profiles", overrides applied.</param>
/// <param name="Profile">The applied profile ("default" when none).</param>
public sealed record LoadedParams(JsonObject Sections, string Profile, string File);
