using WeightSpace.Core.Metrics;
using WeightSpace.Core.Report;
using WeightSpace.Core.Torch;
using WeightSpace.Pipeline;
using WeightSpace.Stages;

namespace WeightSpace.Tests.Report;

/// <summary>check-numbers' comparison: a metrics part recomputed in a scratch copy against the committed metrics.json.</summary>
public sealed class NumbersCheckTests : IDisposable
{
    private const string Key = "table5/tetris-seed/accuracy/linreg/weights/none/-/r2";
    private const string SameMethodOther = "table5/tetris-seed/accuracy/linreg/stats-global/none/-/r2";
    private const string SameTableOtherMethod = "table5/tetris-seed/accuracy/mlp/weights/none/layers=4/r2";
    private const string OtherTable = "table6/tetris-seed/accuracy/linreg/weights/none/-/r2";

    private readonly string _dir = Directory.CreateTempSubdirectory("ws-check-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A scratch copy holding one metrics part whose table5 linreg R² is 0.25 and the thesis reference.</summary>
    private IReadOnlyDictionary<string, double> Recomputed()
    {
        var paths = new ProjectPaths(_dir);
        Directory.CreateDirectory(paths.Full("data/reference"));
        File.WriteAllText(paths.Full(Artifacts.Reference), """
            table,dataset,target,method,input,augmentation,config,metric,value,note
            table5,tetris-seed,accuracy,linreg,weights,none,,r2,0.48,
            table5,tetris-seed,accuracy,mlp,weights,none,layers=4,r2,0.87,
            """);
        Directory.CreateDirectory(paths.Full(Artifacts.MetricsDir));
        MetricsTable.Write(paths.Full(Artifacts.MetricsPart("baselines")),
            [new MetricRow("table5", "tetris-seed", "accuracy", "linreg", "weights", "none", "", "r2", 0.25, "test", 0, "baselines")]);
        return CheckNumbers.Recomputed(paths);
    }

    [Fact]
    public void A_metrics_part_equal_to_the_committed_value_passes()
    {
        var recomputed = Recomputed();
        Assert.Equal(0.25, recomputed[Key]);
        Assert.Empty(NumbersCheck.Compare(new Dictionary<string, double> { [Key] = 0.25, [OtherTable] = 0.5 }, recomputed));
    }

    [Fact]
    public void A_value_differing_in_the_last_digit_is_named_with_both_values()
    {
        var change = Assert.Single(NumbersCheck.Compare(new Dictionary<string, double> { [Key] = 0.250001 }, Recomputed()));
        Assert.Equal(new MetricChange(Key, 0.250001, 0.25), change);
        Assert.Equal($"  {Key}: committed 0.250001, recomputed 0.25", Assert.Single(NumbersCheck.Describe([change])));
    }

    [Fact]
    public void A_committed_metric_of_the_same_method_not_recomputed_is_named_and_other_methods_and_tables_are_not()
    {
        // Another stage may write the table's other methods (Table 8's LightGBM rows and its networks).
        var committed = new Dictionary<string, double> { [Key] = 0.25, [SameMethodOther] = 0.8, [SameTableOtherMethod] = 0.7, [OtherTable] = 0.5 };
        var change = Assert.Single(NumbersCheck.Compare(committed, Recomputed()));
        Assert.Equal(new MetricChange(SameMethodOther, 0.8, null), change);
        Assert.Equal($"  {SameMethodOther}: committed 0.8, recomputed (not recomputed)", Assert.Single(NumbersCheck.Describe([change])));
    }

    [Fact]
    public void The_key_records_the_actual_math_values_even_with_the_pins_off()
    {
        string KeyOf(string cbwr, int threads) =>
            new StageFingerprint("s", new(), [], [], [], ReproducibleMath.Recorded(threads,
                name => name switch { ReproducibleMath.OptOut => "1", "MKL_CBWR" => cbwr, _ => null })).Key();
        Assert.NotEqual(KeyOf("COMPATIBLE", 2), KeyOf("AVX2", 2));
        Assert.NotEqual(KeyOf("COMPATIBLE", 2), KeyOf("COMPATIBLE", 1));
        Assert.Equal(KeyOf("AVX2", 2), KeyOf("AVX2", 2));
        var recorded = ReproducibleMath.Recorded(2, _ => null);
        Assert.All(ReproducibleMath.MathVariables, name => Assert.Equal("(unset)", recorded[name]));
        Assert.Equal("2", recorded["threads"]);
        Assert.Contains("OMP_DYNAMIC", ReproducibleMath.MathVariables);
        Assert.Contains("MKL_DYNAMIC", ReproducibleMath.MathVariables);
    }
}
