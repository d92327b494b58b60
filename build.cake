// Entry point of `dotnet cake`. The task graph only wires stages together: every stage task asks
// the stage runner (stages/) to bring that stage up to date, and the runner decides from content
// hashes whether to skip, restore from cache or compute. See docs/pipeline.md, "How caching decides".
#load "build/arguments.cake"
#load "build/runner.cake"
#load "build/graph.cake"

var target = Argument("target", "Report");
// Every target declares the arguments it takes (build/arguments.cake): a typo exits with code 2 before anything runs.
CheckArguments(target, Tasks.Select(t => t.Name).ToList(), StageList().Select(s => s.Name).ToList());
RunTarget(target);
