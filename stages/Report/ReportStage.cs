using System.ComponentModel.DataAnnotations;
using WeightSpace.Core.Manifold;
using WeightSpace.Pipeline;
using WeightSpace.Core.Report;

namespace WeightSpace.Stages;

/// <summary>
/// Joins every stage's metrics with the thesis reference through DuckDB and renders one Markdown
/// table per thesis table, an index, and the summary metrics.json, all under the profile's report
/// folder (reports/ for the default profile, reports/&lt;profile&gt;/ otherwise).
/// </summary>
[Stage(Order = 190)]
public sealed class ReportStage(ReportParams parameters, UpstreamOutputs upstream, RunProfile profile) : IStage
{
    /// <summary>Every metrics part an earlier stage writes.</summary>
    private readonly IReadOnlyList<string> _metricParts = upstream.Paths.Where(o => o.StartsWith(Artifacts.MetricsDir + "/", StringComparison.Ordinal)).ToList();

    /// <summary>The zoos' UMAP maps (Figures 9-12), from the embed stages.</summary>
    private readonly IReadOnlyList<string> _embeddings = upstream.Paths.Where(o => o.StartsWith(Artifacts.EmbeddingsDir + "/", StringComparison.Ordinal)).ToList();

    public string Name => "report";
    public string Description => $"Thesis tables side by side with ours ({Artifacts.ReportTables(profile.Name)}/*.md) and {Artifacts.MetricsSummary(profile.Name)}";
    public IReadOnlyList<string> Deps => [Artifacts.Reference, .. Artifacts.ReportSql, .. _metricParts, .. _embeddings];
    public IReadOnlyList<string> Outs => [Artifacts.ReportTables(profile.Name), Artifacts.ReportFigures(profile.Name), Artifacts.MetricsSummary(profile.Name), Artifacts.ReportPage(profile.Name)];

    public void Run(StageContext context)
    {
        var all = ReportQuery.Run(context.Input(Artifacts.Reference), _metricParts.Select(context.Input).ToList());
        var rows = all.Where(r => !FigureRenderer.IsFigure(r.Table)).ToList();
        var figures = context.Output(Artifacts.ReportFigures(profile.Name));
        Directory.CreateDirectory(figures);
        FigureRenderer.MetricByEpoch(all, "fig15", "Figure 15: reconstruction R² per checkpoint epoch (tetris-seed, test models)", "reconstruction R²",
            Path.Combine(figures, "fig15.png"));
        FigureRenderer.AttentionPanels(all, "fig16", "Figure 16: AttnAE II first-block attention maps per head (tetris-seed)", Path.Combine(figures, "fig16.png"));
        FigureRenderer.MatrixHeatmap(all, "fig17", "correlation", "bin", "bin2",
            "Figure 17: correlation of the first head's attention maps, test models binned by accuracy (low to high)", Path.Combine(figures, "fig17.png"));
        static string Noise(ReportRow r) => r.Config.Contains("noise=bottleneck", StringComparison.Ordinal) ? "bottleneck" : "input";
        FigureRenderer.MetricBySnr(all, "fig18", _ => true, r => $"{r.Method} {r.Config.Split(";noise=")[0]} (noise on the {Noise(r)})",
            "Figure 18: reconstruction R² under Gaussian noise (tetris-seed, test models; dashed: bottleneck)", Path.Combine(figures, "fig18.png"));
        // Figure 19 as the thesis draws it: 10 dB of noise on the bottleneck (the measured SNR nearest it), R² per checkpoint-epoch group, a line per auto-encoder.
        if (FigureRenderer.NearestSnr(all, "fig19", 10) is { } snr)
            FigureRenderer.MetricByEpoch(all.Where(r => r.Table == "fig19" && Noise(r) == "bottleneck" && FigureRenderer.ConfigValue(r.Config, "snr") == snr), "fig19",
                $"Figure 19: reconstruction R² per checkpoint epoch, {snr:0.#} dB noise on the bottleneck (tetris-seed, test models)", "reconstruction R²",
                Path.Combine(figures, "fig19.png"));
        DrawEmbeddingFigures(context, figures);
        // Figures 20-22 show one zoo, as the thesis does: ours on MNIST (attention-cnn-mnist).
        var mnist = all.Where(r => r.Dataset == "mnist").ToList();
        FigureRenderer.MetricByEpoch(mnist, "fig20", "Figure 20: recall of each class per checkpoint-epoch group, log-linear and AttnPred (MNIST CNN zoo, test models)", "recall",
            Path.Combine(figures, "fig20.png"));
        FigureRenderer.MetricByEpoch(mnist, "fig21", "Figure 21: test-accuracy quantiles per checkpoint-epoch group (MNIST CNN zoo)", "test accuracy",
            Path.Combine(figures, "fig21.png"));
        FigureRenderer.EpochConfusion(mnist, "fig22", "Figure 22: epoch prediction by AttnPred regression (MNIST CNN zoo, test models)",
            Path.Combine(figures, "fig22.png"));
        var folder = context.Output(Artifacts.ReportTables(profile.Name));
        Directory.CreateDirectory(folder);
        foreach (var table in ReportRenderer.Tables(rows))
            File.WriteAllText(Path.Combine(folder, $"{table}.md"), ReportRenderer.Table(table, rows, parameters.SignificantDigits));
        File.WriteAllText(Path.Combine(folder, "README.md"), ReportRenderer.Index(rows));
        File.WriteAllText(context.Output(Artifacts.MetricsSummary(profile.Name)), ReportRenderer.MetricsJson(rows, profile.Name));
        var run = new ReportRun(profile.Name, Git.Describe(context.Paths.Root), DateTimeOffset.UtcNow);
        File.WriteAllText(context.Output(Artifacts.ReportPage(profile.Name)), ReportPage.Render(rows, figures, run, parameters.SignificantDigits));
        var measured = rows.Count(r => r.Ours is not null && r.Thesis is not null);
        context.Log($"{ReportRenderer.Tables(rows).Count} tables, {Artifacts.ReportPage(profile.Name)}; {measured} of {rows.Count(r => r.Thesis is not null)} thesis rows measured, {rows.Count(r => r.Thesis is null)} rows beyond the thesis");
    }

    /// <summary>Figures 9-12 from the tetris zoos' embeddings, 13-14 from the MNIST CNN zoo's.</summary>
    private void DrawEmbeddingFigures(StageContext context, string figures)
    {
        EmbeddingTable? Load(string zoo) =>
            _embeddings.Contains(Artifacts.Embeddings(zoo)) ? EmbeddingTable.Read(context.Input(Artifacts.Embeddings(zoo))) : null;
        if (Load("tetris-seed") is { } seed)
        {
            EmbeddingFigures.Figure9(seed, Path.Combine(figures, ThesisFigures.FileName("fig9")));
            EmbeddingFigures.Figure10(seed, Path.Combine(figures, ThesisFigures.FileName("fig10")));
            EmbeddingFigures.Figure11(seed, Path.Combine(figures, ThesisFigures.FileName("fig11")));
        }
        if (Load("tetris-hyper") is { } hyper)
            EmbeddingFigures.Figure12(hyper, Path.Combine(figures, ThesisFigures.FileName("fig12")));
        // The thesis draws Figures 13 and 14 from one CNN zoo; ours from the MNIST one.
        if (Load("cnn-mnist") is { } cnn)
        {
            EmbeddingFigures.CnnFigure(cnn, "weights", "Figure 13: UMAP of the cnn-mnist weights (4,970 values)", Path.Combine(figures, ThesisFigures.FileName("fig13")));
            EmbeddingFigures.CnnFigure(cnn, "statistics", "Figure 14: UMAP of the cnn-mnist global statistics", Path.Combine(figures, ThesisFigures.FileName("fig14")));
        }
        context.Log("figures 9-14 drawn from the embeddings that exist");
    }
}

/// <summary>How the report renders numbers.</summary>
[ParamsSection("report")]
public sealed record ReportParams(
    [property: Range(1, 8)] int SignificantDigits); // digits shown for ours, thesis and the difference
