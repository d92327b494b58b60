using System.Globalization;
using WeightSpace.Core.Learning;
using WeightSpace.Core.Report;

namespace WeightSpace.Core.Experiments;

/// <summary>
/// The zoo-size table's summary: per image set, target and method, the mean ± sd over seeds at each share of the
/// training models, the fitted curve score(n) = max − a·n^(−b) with max's bootstrap sd, the thesis' number (from
/// Tables 9 and 10) and the number of training models at which the curve reaches it.
/// </summary>
public static class ZooSizeTable
{
    public const string Title = "The law per method";

    public const string Notes =
        "Each method of Tables 8-10 trained on nested shares of the zoo's training models (drawn by model with a seeded permutation, " +
        "never by checkpoint; the validation and test models are the by-model split's, the same throughout), one subset draw and " +
        "one initialisation per seed. Accuracy: R² on every test checkpoint, as Tables 8 and 9; init (w_init): macro F1, as Table 10. " +
        "log-linear on accuracy is ridge regression of logit(accuracy) on the per-layer statistics (Unterthiner et al.'s logit-linear " +
        "model), on init Table 10's logistic classifier. The curve is fitted by least squares to every (models, score) point: for each " +
        "exponent b, max and a are linear least squares with max at most 1 (no R² or F1 exceeds it: a max of exactly 1 means the points " +
        "do not bend towards a lower level yet); b is the best of a log grid over [0.01, 5], refined. ± on max is its standard " +
        "deviation over bootstrap replicates that redraw the seeds at each share. Models to reach the thesis' number: the n where the " +
        "fitted curve crosses it (from the point fit); not reached when max is at or below it. A method trained on a shorter budget " +
        "than its thesis table's says so in its budget column.";

    /// <summary>The summary from the zoo-size rows and the thesis rows of Tables 9 and 10; null when there are no zoo-size rows.</summary>
    public static LeadTable? Render(IReadOnlyList<ReportRow> rows, int digits)
    {
        var mine = rows.Where(r => r.Key.Table == ZooSize.Table && r.Ours is not null).ToList();
        if (mine.Count == 0) return null;
        var lines = Lines(mine, rows);
        var shares = lines.SelectMany(l => l.Points).GroupBy(p => p.Share).OrderBy(g => g.Average(p => p.Models)).Select(g => g.Key).ToList();
        string[] header = ["dataset", "target", "method", "metric", .. shares, "fitted max ± sd", "a", "b",
            "thesis", "models to reach the thesis' number", "budget"];
        var cells = new List<IReadOnlyList<string>>();
        foreach (var l in lines)
        {
            string Point(string share) => l.Points.FirstOrDefault(p => p.Share == share) is { } p
                ? $"{ReportRenderer.Format(p.Mean, digits)} ± {ReportRenderer.Format(Spread(p.Sd, p.Mean), 2)} (n={ReportRenderer.Exact(p.Models)}, {p.Seeds} seeds)"
                : "—";
            cells.Add([l.Dataset, l.Target, l.Method, l.Metric, .. shares.Select(Point),
                l.Curve is { } c ? $"{ReportRenderer.Format(c.Max, digits)} ± {ReportRenderer.Format(l.MaxSd, 2)}" : "no fit",
                l.Curve is { } ca ? ReportRenderer.Format(ca.A, digits) : "—",
                l.Curve is { } cb ? ReportRenderer.Format(cb.B, digits) : "—",
                l.Thesis is { } t ? ReportRenderer.Format(t, digits) : "no thesis number",
                Reach(l), l.Budget]);
        }
        return new LeadTable(Title, "", header, cells);
    }

    /// <summary>What the table says of a line's crossing of the thesis' number.</summary>
    public static string Reach(ZooSizeLine line) => (line.Curve, line.Thesis) switch
    {
        (null, _) => "—",
        (_, null) => "no thesis number",
        ({ } c, { } t) => c.ModelsToReach(t) switch
        {
            null => $"not reached (max {c.Max:0.###} ≤ {t:0.###})",
            // Four shares up to the zoo's training models say little about a crossing far beyond them.
            var n when MostModels(line) is { } most && n > FarBeyond * most =>
                $"beyond {FarBeyond}× the {ReportRenderer.Exact(most)} models measured (the curve: {Models(n.Value)})",
            var n => Models(n.Value),
        },
    };

    /// <summary>The training models of the line's largest share; null without points.</summary>
    private static double? MostModels(ZooSizeLine line) => line.Points.Count > 0 ? line.Points.Max(p => p.Models) : null;

    /// <summary>How far past the largest share a crossing is still printed as a count of models, not as out of reach.</summary>
    public const int FarBeyond = 100;

    /// <summary>A spread of seeds that agree up to float rounding (1e-16 on a mean near 1) printed as the 0 it is.</summary>
    public static double Spread(double sd, double mean) => sd <= 1e-12 * Math.Max(1, Math.Abs(mean)) ? 0 : sd;

    /// <summary>A model count as the table prints it: whole, with thousands separators, in powers of ten beyond a billion.</summary>
    public static string Models(double n) => n >= 1e9 ? n.ToString("0.#e+0", CultureInfo.InvariantCulture) : ReportRenderer.Exact(Math.Ceiling(n));

    /// <summary>Every line of the law in the rows, image set by image set in the order of <see cref="ZooSize.Lines"/>, with its thesis number.</summary>
    public static IReadOnlyList<ZooSizeLine> Lines(IReadOnlyList<ReportRow> zooSizeRows, IReadOnlyList<ReportRow> allRows)
    {
        var result = new List<ZooSizeLine>();
        foreach (var dataset in zooSizeRows.Select(r => r.Key.Dataset).Distinct().Order(StringComparer.Ordinal))
            foreach (var line in ZooSize.Lines)
            {
                var mine = zooSizeRows.Where(r => r.Key.Dataset == dataset && r.Key.Target == line.Target && r.Key.Method == line.Method && r.Key.Input == line.Input).ToList();
                if (mine.Count == 0) continue;
                double? Value(string config, string metric) => mine.FirstOrDefault(r => r.Key.Config == config && r.Key.Metric == metric)?.Ours;
                var points = mine.Where(r => r.Key.Metric == line.Metric && r.Key.Config.StartsWith("fraction=", StringComparison.Ordinal))
                    .Select(r => new ZooSizePoint(r.Key.Config,
                        Value(r.Key.Config, "models") ?? 0, r.Ours!.Value, Value(r.Key.Config, line.Metric + "-sd") ?? 0, r.Runs))
                    .OrderBy(p => p.Models).ToList();
                var curve = Value(ZooSize.FitConfig, "max") is { } max && Value(ZooSize.FitConfig, "a") is { } a && Value(ZooSize.FitConfig, "b") is { } b
                    ? new SaturatingCurve(max, a, b) : null;
                var thesis = allRows.FirstOrDefault(r => r.Thesis is not null && (r.Key.Table == Table9.Table || r.Key.Table == Table10.Table) &&
                    r.Key.Dataset == dataset && r.Key.Target == line.Target && r.Key.Method == line.Method && r.Key.Input == line.Input &&
                    r.Key.Metric == line.Metric)?.Thesis;
                result.Add(new ZooSizeLine(dataset, line.Target, line.Method, line.Metric, points, curve, Value(ZooSize.FitConfig, "max-sd") ?? 0, thesis,
                    Budget(Value(ZooSize.BudgetConfig, "epochs"), Value(ZooSize.BudgetConfig, "patience"),
                        Value(ZooSize.BudgetConfig, "table-epochs"), Value(ZooSize.BudgetConfig, "table-patience"), line.Target)));
            }
        return result;
    }

    /// <summary>A learned method's budget and, when shorter than its thesis table's, a label saying so.</summary>
    private static string Budget(double? epochs, double? patience, double? tableEpochs, double? tablePatience, string target)
    {
        if (epochs is not { } e || patience is not { } p) return "as its table";
        var text = $"≤{e:0} epochs, patience {p:0}";
        var table = target == "accuracy" ? "Table 9's" : "Table 10's";
        return tableEpochs is { } te && tablePatience is { } tp && (e < te || p < tp) ? $"{text}: shorter than {table} (≤{te:0}, patience {tp:0})" : text;
    }
}

/// <summary>One share of the training models on a line of the law (its config label, e.g. "fraction=0.25"): the models, the mean and sd of the score over the seeds.</summary>
public sealed record ZooSizePoint(string Share, double Models, double Mean, double Sd, int Seeds);

/// <summary>One method on one target of one image set: its points, fitted curve (null without a fit), max's sd, the thesis' number and its budget.</summary>
public sealed record ZooSizeLine(string Dataset, string Target, string Method, string Metric, IReadOnlyList<ZooSizePoint> Points,
    SaturatingCurve? Curve, double MaxSd, double? Thesis, string Budget);
