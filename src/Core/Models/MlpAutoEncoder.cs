using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace WeightSpace.Core.Models;

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
