using WeightSpace.Pipeline;
using WeightSpace.Pipeline.Params;
using WeightSpace.Stages;

namespace WeightSpace.Tests.Stages;

/// <summary>
/// The harness of tests/coverage-oracle.sh, an independent check of the derived code sets: run
/// under coverlet, it runs the one stage named by WEIGHTSPACE_ORACLE_STAGE on the repository's smoke
/// data (or, with the variable empty, only builds the catalog: the harness' own coverage, which the
/// script subtracts). The script then checks that every source file the stage executed is in its
/// derived set. Without the variable (a normal test run) it does nothing.
/// </summary>
public sealed class CoverageOracleHarness
{
    [Fact]
    public void Runs_the_stage_named_by_WEIGHTSPACE_ORACLE_STAGE()
    {
        var name = Environment.GetEnvironmentVariable("WEIGHTSPACE_ORACLE_STAGE");
        if (name is null) return; // only under tests/coverage-oracle.sh
        var repo = ProjectPaths.Discover(AppContext.BaseDirectory);
        var (_, parameters) = PipelineParams.Load(repo.Params, "smoke");
        var catalog = StageCatalog.Create(parameters);
        if (name.Length == 0) return; // the baseline: the harness alone
        var stage = catalog.Single(e => e.Name == name).Stage;
        var scratch = Directory.CreateTempSubdirectory("ws-oracle-").FullName;
        try
        {
            stage.Run(new StageContext(repo, scratch, _ => { }, CancellationToken.None));
            Assert.All(stage.Outs, o => Assert.True(File.Exists(Path.Combine(scratch, o)) || Directory.Exists(Path.Combine(scratch, o)), o));
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }
}
