using System.ComponentModel.DataAnnotations;
using WeightSpace.Core.Experiments;
using WeightSpace.Core.Manifold;
using WeightSpace.Pipeline;
using WeightSpace.Core.Report;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Stages;

/// <summary>
/// Joins every stage's metrics with the thesis reference through DuckDB and renders one Markdown
/// table per thesis table, every figure of <see cref="ThesisReport"/>, an index, and the
/// summary metrics.json, all under the profile's report folder (reports/ for the default profile,
/// reports/&lt;profile&gt;/ otherwise).
/// </summary>
[Stage(Order = 190)]
public sealed class ReportStage(ReportParams parameters, AttentionParams attention, CnnAttentionParams cnnAttention, UpstreamOutputs upstream, RunProfile profile) : IStage
{
    /// <summary>Every metrics part an earlier stage writes.</summary>
    private readonly IReadOnlyList<string> _metricParts = upstream.Paths.Where(o => o.StartsWith(Artifacts.MetricsDir + "/", StringComparison.Ordinal)).ToList();

    /// <summary>The zoos' UMAP maps (Figures 9-14), from the embed stages.</summary>
    private readonly IReadOnlyList<string> _embeddings = upstream.Paths.Where(o => o.StartsWith(Artifacts.EmbeddingsDir + "/", StringComparison.Ordinal)).ToList();

    /// <summary>The zoos' layouts (their token types), to count our models from their settings (<see cref="SizeNotes"/>).</summary>
    private readonly IReadOnlyList<string> _layouts = ZooNames.TetrisZoos.Concat(CnnZooStage.Zoos).Select(Artifacts.Layout).Where(upstream.Paths.Contains).ToList();

    public string Name => "report";
    public string Description => $"Thesis tables side by side with ours ({Artifacts.ReportTables(profile.Name)}/*.md) and {Artifacts.MetricsSummary(profile.Name)}";
    /// <summary>The report's SQL, embedded in Core (<see cref="ReportQuery.SqlFiles"/>): non-code inputs of the stage.</summary>
    public static IReadOnlyList<string> Sql { get; } = [.. ReportQuery.SqlFiles.Select(f => "src/Core/" + f)];

    public IReadOnlyList<string> Deps => [Artifacts.Reference, Artifacts.ThesisZoos, .. Sql, .. _metricParts, .. _embeddings, .. _layouts];
    public IReadOnlyList<string> Outs => [Artifacts.ReportTables(profile.Name), Artifacts.ReportFigures(profile.Name), Artifacts.MetricsSummary(profile.Name), Artifacts.ReportPage(profile.Name)];

    public void Run(StageContext context)
    {
        var catalog = ThesisReport.Catalog;
        var data = ReportQuery.Load(context.Input(Artifacts.Reference), context.Input(Artifacts.ThesisZoos), _metricParts.Select(context.Input).ToList(), catalog);
        var layouts = ZooNames.TetrisZoos.Concat(CnnZooStage.Zoos).Where(zoo => _layouts.Contains(Artifacts.Layout(zoo)))
            .ToDictionary(ZooNames.Dataset, zoo => LayoutCsv.Read(context.Input(Artifacts.Layout(zoo))));
        data = data with { Rows = Sizes(attention, cnnAttention, layouts).Annotate(data.Rows) };
        var all = data.Rows;
        var rows = all.Where(r => !FigureRenderer.IsFigure(r.Key.Table)).ToList();
        var figures = context.Output(Artifacts.ReportFigures(profile.Name));
        Directory.CreateDirectory(figures);
        var embeddings = new Dictionary<string, EmbeddingTable?>(StringComparer.Ordinal);
        EmbeddingTable? Embedding(string zoo)
        {
            if (!embeddings.TryGetValue(zoo, out var table))
                embeddings[zoo] = table = _embeddings.Contains(Artifacts.Embeddings(zoo)) ? EmbeddingTable.Read(context.Input(Artifacts.Embeddings(zoo))) : null;
            return table;
        }
        foreach (var figure in catalog.Figures)
            figure.Plot.Draw(figure, figure.Dataset is { } dataset ? all.Where(r => r.Key.Dataset == dataset).ToList() : all, Embedding,
                Path.Combine(figures, figure.FileName));
        var folder = context.Output(Artifacts.ReportTables(profile.Name));
        Directory.CreateDirectory(folder);
        foreach (var table in ReportRenderer.Tables(rows, catalog))
            File.WriteAllText(Path.Combine(folder, $"{table}.md"), ReportRenderer.Table(table, rows, parameters.SignificantDigits, catalog));
        File.WriteAllText(Path.Combine(folder, "README.md"), ReportRenderer.Index(data, catalog));
        File.WriteAllText(context.Output(Artifacts.MetricsSummary(profile.Name)), ReportRenderer.MetricsJson(rows, profile.Name));
        var run = new ReportRun(profile.Name, Git.Describe(context.Paths.Root), DateTimeOffset.UtcNow) { Compute = ComputeTime(context) };
        File.WriteAllText(context.Output(Artifacts.ReportPage(profile.Name)), ReportPage.Render(data, figures, run, parameters.SignificantDigits, catalog));
        var measured = rows.Count(r => r.Ours is not null && r.Thesis is not null);
        var drawn = catalog.Figures.Count(f => File.Exists(Path.Combine(figures, f.FileName)));
        context.Log($"{ReportRenderer.Tables(rows, catalog).Count} tables, {drawn} of {catalog.Figures.Count} figures, {Artifacts.ReportPage(profile.Name)}; " +
            $"{measured} of {rows.Count(r => r.Thesis is not null)} thesis rows measured, {rows.Count(r => r.Thesis is null)} rows beyond the thesis");
        context.Log($"verdicts: {Verdicts.Count(rows)}");
    }

    /// <summary>What explains our models' sizes beside the thesis': the settings the attention stages built them with.</summary>
    public static SizeNotes Sizes(AttentionParams attention, CnnAttentionParams c, IReadOnlyDictionary<string, WeightLayout> layouts) =>
        new(AttentionSetup.Sizes(attention), new CnnModelSizes(c.DModel, c.Heads, c.Blocks, c.GlobalTokens, c.MlpRatio, c.AeDModel, c.AeBlocks), layouts);

    /// <summary>
    /// The compute time of this profile's other stages as the lock records their last runs: run metadata
    /// for the page (like the commit and the date), read outside the stage's inputs so it re-runs nothing.
    /// </summary>
    private ComputeTime? ComputeTime(StageContext context)
    {
        var stages = LockFile.Load(context.Paths.LockFile, _ => { }).Stages
            .Where(s => s.Key != Name && s.Value.Profile == profile.Name).ToList();
        return stages.Count == 0 ? null : new ComputeTime(stages.Sum(s => s.Value.DurationSeconds), stages.Count);
    }
}

/// <summary>How the report renders numbers.</summary>
[ParamsSection("report")]
public sealed record ReportParams(
    [property: Range(1, 8)] int SignificantDigits); // digits shown for ours, thesis and the difference
