namespace WeightSpace.Core.Images;

/// <summary>An image set cannot be fetched, verified or read; the message says what to do.</summary>
public sealed class ImageSetException(string message, Exception? inner = null) : Exception(message, inner);
