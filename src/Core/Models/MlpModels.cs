using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace WeightSpace.Core.Models;

/// <summary>Hyper-parameters of <see cref="MlpAutoEncoder"/>, the thesis' "vanilla" MLP auto-encoder baseline.</summary>
/// <param name="Hidden">encoder widths between input and bottleneck; 4 widths give 5 encoder + 5 decoder = 10 linear layers. Null: [256, 128, 64, 32].</param>
/// <param name="Latent">bottleneck size, as for the attention auto-encoders (20 on tetris).</param>
/// <param name="Activation">non-linearity after every hidden linear layer.</param>
/// <param name="Dropout">dropout after every hidden activation.</param>
/// <param name="TanhBottleneck">squash the code into [-1, 1] as AttnAE does, so latents are comparable.</param>
public sealed record MlpAutoEncoderConfig(
    IReadOnlyList<int>? Hidden = null,
    int Latent = 20,
    Nonlinearity Activation = Nonlinearity.Relu,
    double Dropout = 0.0,
    bool TanhBottleneck = true)
{
    public IReadOnlyList<int> HiddenOrDefault => Hidden ?? [256, 128, 64, 32];
}

/// <summary>Symmetric MLP auto-encoder on flat weights (B, P): P -> hidden... -> latent -> ...hidden -> P.</summary>
public sealed class MlpAutoEncoder : Module<Tensor, Tensor>, IWeightAutoEncoder
{
    private readonly Sequential encoder;
    private readonly Sequential decoder;
    private readonly bool _tanh;

    public MlpAutoEncoder(MlpAutoEncoderConfig config, int parameterCount) : base(nameof(MlpAutoEncoder))
    {
        Config = config;
        _tanh = config.TanhBottleneck;
        var widths = new List<int> { parameterCount };
        widths.AddRange(config.HiddenOrDefault);
        widths.Add(config.Latent);
        encoder = Mlp.Build(widths, config.Activation, config.Dropout);
        widths.Reverse();
        decoder = Mlp.Build(widths, config.Activation, config.Dropout);
        RegisterComponents();
    }

    public MlpAutoEncoderConfig Config { get; }
    public int LatentSize => Config.Latent;

    public Tensor Encode(Tensor flat)
    {
        var z = encoder.forward(flat); // (B, latent)
        return _tanh ? z.tanh() : z;
    }

    public Tensor Decode(Tensor latent) => decoder.forward(latent); // (B, P)

    public override Tensor forward(Tensor flat) => Decode(Encode(flat));
}

/// <summary>Hyper-parameters of <see cref="MlpPredictor"/> (4 linear layers) and <see cref="MlpProbe"/> (3).</summary>
/// <param name="Hidden">width of every hidden layer.</param>
/// <param name="Outputs">1 for accuracy, the class count for a hyper-parameter.</param>
/// <param name="Head">sigmoid for [0, 1] targets, logits for classes, linear otherwise.</param>
/// <param name="Activation">non-linearity after every hidden layer.</param>
/// <param name="Dropout">dropout after every hidden activation.</param>
public sealed record MlpPredictorConfig(
    int Hidden = 128,
    int Outputs = 1,
    PredictionHead Head = PredictionHead.Sigmoid,
    Nonlinearity Activation = Nonlinearity.Relu,
    double Dropout = 0.0);

/// <summary>The thesis' 4-layer MLP predictor from flat weights (or features): in -> h -> h -> h -> outputs.</summary>
public sealed class MlpPredictor : Module<Tensor, Tensor>
{
    private readonly Sequential layers;
    private readonly PredictionHead _head;

    public MlpPredictor(MlpPredictorConfig config, int inputs) : base(nameof(MlpPredictor))
    {
        _head = config.Head;
        layers = Mlp.Build([inputs, config.Hidden, config.Hidden, config.Hidden, config.Outputs], config.Activation, config.Dropout);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => PredictionHeads.Apply(_head, layers.forward(x)); // (B, outputs)
}

/// <summary>The 3-layer MLP probe on bottleneck codes (thesis Table 7): latent -> h -> h -> outputs.</summary>
public sealed class MlpProbe : Module<Tensor, Tensor>
{
    private readonly Sequential layers;
    private readonly PredictionHead _head;

    public MlpProbe(MlpPredictorConfig config, int inputs) : base(nameof(MlpProbe))
    {
        _head = config.Head;
        layers = Mlp.Build([inputs, config.Hidden, config.Hidden, config.Outputs], config.Activation, config.Dropout);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => PredictionHeads.Apply(_head, layers.forward(x)); // (B, outputs)
}

/// <summary>Builds plain MLPs.</summary>
public static class Mlp
{
    /// <summary>Linear layers between consecutive widths, activation (+ dropout) after all but the last.</summary>
    public static Sequential Build(IReadOnlyList<int> widths, Nonlinearity activation, double dropout)
    {
        var layers = new List<(string, Module<Tensor, Tensor>)>();
        for (var i = 0; i + 1 < widths.Count; i++)
        {
            layers.Add(($"linear{i}", nn.Linear(widths[i], widths[i + 1])));
            if (i + 2 == widths.Count) break;
            layers.Add(($"act{i}", Activations.Create(activation)));
            if (dropout > 0) layers.Add(($"dropout{i}", nn.Dropout(dropout)));
        }
        return nn.Sequential(layers);
    }
}
