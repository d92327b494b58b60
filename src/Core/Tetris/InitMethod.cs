
namespace WeightSpace.Core.Tetris;

/// <summary>The six weight initializations of tetris-hyper (PyTorch nn.init semantics, zero-mean).</summary>
public enum InitMethod { Uniform, Normal, XavierUniform, XavierNormal, KaimingUniform, KaimingNormal }
