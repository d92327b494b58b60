using System.Globalization;
using WeightSpace.Core.Models;
using WeightSpace.Core.Report;
using WeightSpace.Core.Zoo;

namespace WeightSpace.Core.Experiments;

/// <summary>The CNN zoo's attention models' sizes (params.json's cnn_attention section): AttnPred's encoder and §4.4.2's AttnAE II.</summary>
public sealed record CnnModelSizes(int DModel, int Heads, int Blocks, int GlobalTokens, int MlpRatio, int AeDModel, int AeBlocks);

/// <summary>
/// Why our model's parameter count differs from the size the thesis states for its row: our count split by part
/// (<see cref="ParameterCounts"/>, from the settings the training stages built the model with, checked against the
/// measured count), and what the thesis' stated blocks and d_model hold, or which feed-forward width gives its size.
/// </summary>
/// <param name="layouts">The layout of each dataset's zoo (its token types), by dataset name (tetris-seed, mnist).</param>
public sealed class SizeNotes(LearnedModelSizes attention, CnnModelSizes cnn, IReadOnlyDictionary<string, WeightLayout> layouts)
{
    /// <summary>The feed-forward widths, as multiples of d_model, tried to build a size the thesis states.</summary>
    public static readonly int[] FeedForwardRatios = [1, 2, 4];

    /// <summary>The models a note explains, by table and method.</summary>
    private static readonly HashSet<(string Table, string Method)> Explained =
        [("table4", "attnae1"), ("table4", "attnae2"), ("table4", "mlp-ae"), (Sec442.Table, "attnae2"), (Table9.Table, "attnpred")];

    /// <summary>The thesis' d_model and blocks of Table 4's AttnAE II, for rows whose thesis text states none (AttnPred is its encoder).</summary>
    private const int ThesisDModel = 128;
    private const int ThesisAe2Blocks = 4;

    /// <summary>The rows with a note on each model whose measured size differs materially from the thesis' (appended to the row's own note).</summary>
    public IReadOnlyList<ReportRow> Annotate(IReadOnlyList<ReportRow> rows)
    {
        var measured = rows.Where(r => r.Key.Metric == ModelSize.Metric && r.Ours is not null)
            .GroupBy(r => r.Key with { Metric = "" }).ToDictionary(g => g.Key, g => g.First().Ours!.Value);
        // A params row is folded into its model's other rows' params column, unless it is the model's only row.
        var shown = rows.Where(r => r.Key.Metric != ModelSize.Metric).Select(r => r.Key with { Metric = "" }).ToHashSet();
        return rows.Select(r =>
        {
            var model = r.Key with { Metric = "" };
            if ((r.Key.Metric == ModelSize.Metric && shown.Contains(model)) || !measured.TryGetValue(model, out var ours)) return r;
            var note = Note(r, (long)ours, rows);
            return note is null ? r : r with { Note = r.Note.Length == 0 ? note : $"{r.Note}; {note}" };
        }).ToList();
    }

    /// <summary>Why ours differs from the thesis' size for the row, or null when it does not (or the thesis states none).</summary>
    /// <param name="rows">the report's rows: a shrunk model's thesis size is its thesis row's.</param>
    public string? Note(ReportRow row, long ours, IReadOnlyList<ReportRow> rows)
    {
        var config = row.Key.Config;
        if (ModelSize.ThesisSize(row, rows) is not { } stated || !ModelSize.Parse(stated, out var low, out var high)) return null;
        if (ModelSize.Within(ours, low, high)) return null;
        if (ModelSize.IsShrunk(config))
            return $"ours is shrunk to {string.Join(", ", new[] { "d", "N" }.Where(k => Setting(config, k) is not null).Select(k => $"{k}={Setting(config, k)}"))} " +
                   $"(cnn_table8.thesis_sizes false); the thesis' model holds {stated}";
        if (!Explained.Contains((row.Key.Table, row.Key.Method))) return "why ours differs: not determined";
        if (!layouts.TryGetValue(row.Key.Dataset, out var layout)) return $"why ours differs: not determined (no layout of the {row.Key.Dataset} zoo)";
        if (row.Key.Method == "mlp-ae") return MlpAutoEncoder(stated, ours, layout.ParameterCount);
        if (Model(row.Key.Table, row.Key.Method, config, layout) is not { } model) return $"why ours differs: not determined (config '{config}' names no N or d)";
        var parts = model.Count(model.OurBlocks, model.OurD, model.OurRatio);
        return parts.Total == ours ? Transformer(model, parts, stated, low, high) : Unexplained(parts, ours);
    }

    /// <summary>
    /// An attention model as its note describes it: our settings (from <paramref name="Params"/>), the thesis' N and d_model
    /// (<paramref name="ThesisSetting"/> says how they are known when the thesis' text does not state them for the row), and its
    /// count at (blocks, d_model, feed-forward ratio), the other settings ours.
    /// </summary>
    /// <param name="Rest">what holds the rest of the count beside the blocks.</param>
    /// <param name="Decoder">whether it has N decoder blocks beside its N encoder blocks.</param>
    private sealed record AttentionModel(string Params, string Rest, bool Decoder, int OurBlocks, int OurD, int OurRatio,
        int ThesisBlocks, int ThesisD, string ThesisSetting, Func<int, int, int, ParameterParts> Count);

    /// <summary>The attention model of a row of <see cref="Explained"/>, as the training stage builds it from the params.</summary>
    private AttentionModel? Model(string table, string method, string config, WeightLayout layout)
    {
        var types = TypeLengths(layout);
        if (table == Table9.Table) return Predictor(types);
        if (Int(config, "N") is not { } blocks || (table == "table4" && Int(config, "d") is null)) return null;
        var d0 = Int(config, "d") ?? ThesisDModel;
        switch (table, method)
        {
            case ("table4", "attnae1"):
                var tokens = layout.NeuronGroups.Select(g => g.Indices.Length).ToList();
                return new("attention", "per-token embedders, neck and output MLPs", true, blocks, Math.Min(d0, attention.DModelCap),
                    attention.MlpRatio, blocks, d0, "", (n, d, ratio) =>
                        ParameterCounts.AttnAe1(new AttnAe1Config(DModel: d, Heads: attention.Heads, Blocks: n, Latent: Table4.Latent, MlpRatio: ratio), tokens));
            case ("table4", "attnae2"):
                return new("attention", "embedders, global tokens, neck and output MLPs", true, blocks, Math.Min(d0, attention.DModelCap),
                    attention.MlpRatio, blocks, d0, "", (n, d, ratio) =>
                        ParameterCounts.AttnAe2(Ae2(d, attention.Heads, n, Table4.Latent, attention.GlobalTokens, ratio), types));
            case (Sec442.Table, "attnae2"):
                return new("cnn_attention", "embedders, global tokens, neck and output MLPs", true, cnn.AeBlocks, cnn.AeDModel, cnn.MlpRatio,
                    blocks, ThesisDModel, $"the thesis states N={blocks} and no d_model; at Table 4's d={ThesisDModel}", (n, d, ratio) =>
                        ParameterCounts.AttnAe2(Ae2(d, cnn.Heads, n, Sec442.Latent, cnn.GlobalTokens, ratio), types));
            default:
                return null;
        }
    }

    /// <summary>Table 9's AttnPred: AttnAE II's encoder and a sigmoid head; the thesis states its size alone.</summary>
    private AttentionModel Predictor(List<int> types) =>
        new("cnn_attention", "embedders, global tokens, bottleneck and head", false, cnn.Blocks, cnn.DModel, cnn.MlpRatio,
            ThesisAe2Blocks, ThesisDModel, $"the thesis states no N or d_model for it; at its AttnAE II's N={ThesisAe2Blocks}, d={ThesisDModel} (Table 4)",
            (n, d, ratio) => ParameterCounts.AttnPred(ParameterCounts.AttnEnc2(Ae2(d, cnn.Heads, n, Sec442.Latent, cnn.GlobalTokens, ratio), types), Sec442.Latent, 1));

    /// <summary>
    /// Our blocks' share of our count, then what the thesis' N blocks at its d_model hold: more than its size in their attention
    /// alone, or its size at one of <see cref="FeedForwardRatios"/>, or neither (not determined).
    /// </summary>
    private static string Transformer(AttentionModel m, ParameterParts ours, string stated, double low, double high)
    {
        var blocks = ours[ParameterCounts.EncoderBlocks] + ours[ParameterCounts.DecoderBlocks];
        var holds = m.OurBlocks == 1 && !m.Decoder ? "holds" : "hold";
        var ourText = $"ours ({m.Params} params): {Blocks(m.OurBlocks, m.Decoder)} at d={m.OurD} (FF {m.OurRatio * m.OurD}) {holds} {Exact(blocks)} " +
                      $"of {Exact(ours.Total)}, the {m.Rest} {Exact(ours.Total - blocks)}";
        var (n, d) = (m.ThesisBlocks, m.ThesisD);
        var encoderAttention = n * ParameterCounts.Attention(d);
        var limit = high * (1 + ModelSize.Slack);
        var bound = m.Decoder && encoderAttention <= limit ? 2 * encoderAttention : encoderAttention;
        if (bound > limit)
        {
            var which = bound == encoderAttention && m.Decoder ? $"even its {n} encoder blocks" : Blocks(n, m.Decoder);
            return $"{ourText}; the thesis' {stated} cannot hold {which} at d={d}: their attention alone holds {Exact(bound)}";
        }
        var where = m.ThesisSetting.Length > 0 ? m.ThesisSetting : $"at the thesis' N={n}, d={d}";
        var sizes = FeedForwardRatios.Select(r => (Ratio: r, Total: m.Count(n, d, r).Total)).ToList();
        if (sizes.FirstOrDefault(s => ModelSize.Within(s.Total, low, high)) is { Total: > 0 } fit)
            return $"{ourText}; {where} an FF width of {fit.Ratio * d} gives {Exact(fit.Total)}, the thesis' {stated}";
        return $"{ourText}; {where} an FF width of d to {FeedForwardRatios[^1]}d gives {Exact(sizes.Min(s => s.Total))} to {Exact(sizes.Max(s => s.Total))}, " +
               $"not {stated}: where the difference comes from is not determined";
    }

    private static string Unexplained(ParameterParts parts, long ours) =>
        $"why ours differs: not determined (our settings count {Exact(parts.Total)}, not the measured {Exact(ours)})";

    private static string MlpAutoEncoder(string stated, long ours, int weights)
    {
        var config = new MlpAutoEncoderConfig(Latent: Table4.Latent);
        var parts = ParameterCounts.MlpAutoEncoder(config, weights);
        if (parts.Total != ours) return Unexplained(parts, ours);
        var widths = string.Join('-', new[] { weights }.Concat(config.HiddenOrDefault).Append(config.Latent));
        var outer = ParameterCounts.Linear(weights, config.HiddenOrDefault[0]) + ParameterCounts.Linear(config.HiddenOrDefault[0], weights);
        return $"ours: {2 * (config.HiddenOrDefault.Count + 1)} linear layers, {widths} and back, hold {Exact(ours)}, the two outer layers {Exact(outer)}; the thesis states a \"10 layer MLP\" but no widths: why it holds {stated} is not determined";
    }

    private static string Blocks(int n, bool decoder) =>
        decoder ? $"{n} encoder + {n} decoder block{(n == 1 ? "" : "s")}" : $"{n} block{(n == 1 ? "" : "s")}";

    private static AttnAe2Config Ae2(int d, int heads, int blocks, int latent, int globalTokens, int ratio) =>
        new(DModel: d, Heads: heads, Blocks: blocks, Latent: latent, GlobalTokens: globalTokens, MlpRatio: ratio);

    private static List<int> TypeLengths(WeightLayout layout) => layout.Layers.Select(l => l.TokenLength).ToList();

    /// <summary>A setting of a config label ("N" of "latent=20;N=1;d=128", "d" of "shrunk:d=128;N=2"), or null.</summary>
    private static string? Setting(string config, string name) =>
        config.Split(';').Select(p => p[(p.IndexOf(':', StringComparison.Ordinal) + 1)..].Split('=', 2))
            .FirstOrDefault(kv => kv.Length == 2 && kv[0] == name)?[1];

    private static int? Int(string config, string name) =>
        int.TryParse(Setting(config, name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static string Exact(double value) => ReportRenderer.Exact(value);
}
