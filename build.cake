// Entry point of `dotnet cake`. The task graph only wires stages together: every stage task asks
// the stage runner (stages/) to bring that stage up to date, and the runner decides from content
// hashes whether to skip, restore from cache or compute. See docs/pipeline.md, "How caching decides".
#load "build/runner.cake"
#load "build/graph.cake"

RunTarget(Argument("target", "Report"));
