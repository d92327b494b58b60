namespace WeightSpace.Core.Zoo;

/// <summary>The nonlinearity on hidden layers of a zoo model.</summary>
public enum Activation { Relu, Tanh }
