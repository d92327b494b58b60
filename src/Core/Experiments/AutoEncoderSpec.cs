using WeightSpace.Core.Models;
using WeightSpace.Core.Zoo;
using static TorchSharp.torch;

namespace WeightSpace.Core.Experiments;

/// <summary>One row of Table 4: how the auto-encoder is built and trained.</summary>
/// <param name="Id">File-safe name of the trained model (data/models/&lt;zoo&gt;.&lt;Id&gt;.bin), unique within Table 4.</param>
/// <param name="Method">pca, mlp-ae, attnae1, attnae2 (the thesis' method names).</param>
/// <param name="Config">The thesis row's config string, which identifies the row in the report.</param>
/// <param name="Latent">Bottleneck size.</param>
/// <param name="Build">Builds the untrained model for the zoo's layout; null for PCA (fitted in closed form).</param>
/// <param name="Permute">Permutation augmentation while training.</param>
public sealed record AutoEncoderSpec(string Id, string Method, string Input, string Config, int Latent,
    Func<WeightLayout, nn.Module<Tensor, Tensor>>? Build, bool Permute)
{
    public string Augmentation => Permute ? "permutation" : "none";

    /// <summary>An untrained model of this row's shape (PCA: zero mean and components), e.g. to load saved weights into.</summary>
    public nn.Module<Tensor, Tensor> Create(WeightLayout layout) =>
        Build?.Invoke(layout) ?? PcaAutoEncoder.Empty(layout.ParameterCount, Latent);

    /// <summary>This row's trained model, read from <paramref name="path"/> (written by <see cref="ModelFile.Save"/>).</summary>
    public nn.Module<Tensor, Tensor> Load(WeightLayout layout, string path) => ModelFile.Load(Create(layout), path);
}
