namespace WeightSpace.Core.Zoo;

/// <summary>A layout that does not describe a valid flat weight vector.</summary>
public sealed class LayoutException(string message) : Exception(message);
