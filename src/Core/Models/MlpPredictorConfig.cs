using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace WeightSpace.Core.Models;

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
