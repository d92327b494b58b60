namespace WeightSpace.Core.Experiments;

/// <summary>The sizes of the learned models that a profile may change (params.json's attention section); each table builds its models from them.</summary>
/// <param name="DModelCap">Caps the thesis' d_model in Table 4 (quick profiles); the config labels keep the thesis value.</param>
/// <param name="Heads">Attention heads per block.</param>
/// <param name="MlpRatio">Transformer block MLP width = ratio x d_model.</param>
/// <param name="GlobalTokens">L_k of AttnAE II and its encoder.</param>
/// <param name="PredictorDModel">AttnEnc width in Tables 5 and 6.</param>
/// <param name="PredictorBlocks">AttnEnc depth in Tables 5 and 6.</param>
public sealed record LearnedModelSizes(int DModelCap, int Heads, int MlpRatio, int GlobalTokens, int PredictorDModel, int PredictorBlocks);
