using System.Text.Json.Nodes;
using WeightSpace.Pipeline;
using WeightSpace.Stages;
using Xunit;

namespace WeightSpace.Tests.Stages.Cli;

public sealed class TimesCommandTests
{
    private static LockEntry Entry(double wall, double? cpu, long? peak, string origin, int minute) =>
        new("k", new StageFingerprint("s", new SortedDictionary<string, JsonNode?>(), [], [], []), [], wall, "default",
            new DateTimeOffset(2026, 12, 7, 20, minute, 0, TimeSpan.Zero), origin, cpu, peak);

    [Fact]
    public void The_table_lists_stages_in_the_order_they_finished_with_cpu_share_peak_and_a_total()
    {
        var lockFile = new LockFile();
        lockFile.Stages["zoo"] = Entry(300, 590, 3L << 30, "run", 5);
        lockFile.Stages["images"] = Entry(2, 1.5, 200L << 20, "run", 1);
        lockFile.Stages["ingest"] = Entry(10, null, null, "run-cache", 6);

        var lines = TimesCommand.Table(lockFile, "Test CPU, 2 logical cores").Split('\n');

        Assert.StartsWith("Machine: Test CPU, 2 logical cores. Profile(s): default; last stage finished 2026-12-07 20:06 UTC.", lines[0]);
        Assert.Equal("| images | computed | 2.0 s | 1.5 s | 0.75 | 200 MiB |", lines[4]);
        Assert.Equal("| zoo | computed | 5.0 min | 9.8 min | 1.97 | 3.0 GiB |", lines[5]);
        Assert.Equal("| ingest | restored (run-cache); wall is the original run's | 10.0 s | — | — | — |", lines[6]);
        Assert.Equal("| **all** | | 5.2 min | 9.9 min | 1.90 | 3.0 GiB |", lines[7]);
    }

    [Fact]
    public void A_stage_cost_reads_as_wall_cpu_and_peak()
    {
        Assert.Equal("44.0 s (CPU 85.2 s, peak 1.5 GiB)", new StageCost(44.0, 85.2, 1_610_612_736).ToString());
        Assert.Equal("0.1 s (CPU 0.0 s)", new StageCost(0.1, 0.02, null).ToString());
    }
}
