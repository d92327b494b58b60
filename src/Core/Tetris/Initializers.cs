using WeightSpace.Core.Learning;

namespace WeightSpace.Core.Tetris;

public static class Initializers
{
    public static readonly string[] Names = ["uniform", "normal", "xavier-uniform", "xavier-normal", "kaiming-uniform", "kaiming-normal"];

    public static string Name(InitMethod method) => Names[(int)method];

    public static InitMethod Parse(string name) =>
        Array.IndexOf(Names, name) is var i and >= 0 ? (InitMethod)i
            : throw new ArgumentException($"unknown init method '{name}'; expected one of {string.Join(", ", Names)}");

    /// <summary>
    /// Fills a kernel of a dense layer. uniform: U(-1, 1); normal: N(0, 1); xavier: Glorot with
    /// gain 1; kaiming: He with the ReLU gain sqrt(2) on fan-in. The wide uniform and normal
    /// draws are deliberate: as in the thesis, some initializations rarely train well.
    /// </summary>
    public static void Fill(Span<float> kernel, int fanIn, int fanOut, InitMethod method, Random random)
    {
        double bound = method switch
        {
            InitMethod.Uniform => 1.0,
            InitMethod.XavierUniform => Math.Sqrt(6.0 / (fanIn + fanOut)),
            InitMethod.KaimingUniform => Math.Sqrt(6.0 / fanIn),
            _ => 0,
        };
        double std = method switch
        {
            InitMethod.Normal => 1.0,
            InitMethod.XavierNormal => Math.Sqrt(2.0 / (fanIn + fanOut)),
            InitMethod.KaimingNormal => Math.Sqrt(2.0 / fanIn),
            _ => 0,
        };
        for (var i = 0; i < kernel.Length; i++)
            kernel[i] = (float)(bound > 0 ? (2 * random.NextDouble() - 1) * bound : std * StandardNormal.Draw(random));
    }
}
