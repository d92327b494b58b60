using TorchSharp;
using WeightSpace.Core.Zoo;
using static TorchSharp.torch;

namespace WeightSpace.Core.Tetris;

/// <summary>One model of a zoo: its init seed, hidden activation and init method.</summary>
public sealed record FcnModelSpec(int Seed, Activation Activation, InitMethod Init);
