using static TorchSharp.torch;

namespace WeightSpace.Core.Models;

/// <summary>
/// Saves and loads a model's weights (its TorchSharp state dict: parameters and buffers) so a
/// later stage can use a trained model without retraining. The file holds weights only: load into
/// a model built with the same configuration and layout (e.g. <c>AutoEncoderSpec.Load</c>).
/// </summary>
public static class ModelFile
{
    /// <summary>Writes the model's state dict to <paramref name="path"/> (its folder is created).</summary>
    public static void Save(nn.Module module, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        module.save(path);
    }

    /// <summary>Reads the weights at <paramref name="path"/> into <paramref name="module"/>, which must have the saved shapes; returns it.</summary>
    /// <exception cref="FileNotFoundException">no file at the path.</exception>
    /// <exception cref="InvalidDataException">the file is not a state dict of this model's shape; the message names the file.</exception>
    public static T Load<T>(T module, string path) where T : nn.Module
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"model file '{path}' not found; run the stage that trains it first", path);
        try
        {
            module.load(path, strict: true);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or NotImplementedException or FormatException)
        {
            throw new InvalidDataException($"'{path}' does not hold the weights of this {module.GetType().Name} (saved with another configuration or layout?): {e.Message}", e);
        }
        return module;
    }
}
