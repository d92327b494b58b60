using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using WeightSpace.Core.Zoo;
using WeightSpace.Tests.Zoo;

namespace WeightSpace.Tests.BadInput;

/// <summary>The malformed zoo folders of the bad-input corpus, each a small edit of <see cref="TinyZoo"/> (12 rows x 100 weights).</summary>
public static class ZooCorpus
{
    private const string Npy = ZooFolder.WeightsFileName, Layout = ZooFolder.LayoutFileName, Metrics = ZooFolder.MetricsFileName;
    private static readonly string ValidDict = NpyFormat.Dict(12, 100);

    public static readonly IReadOnlyList<ZooCase> Cases =
    [
        // weights.npy
        new("npy-bad-magic", d => Patch(d, Npy, 0, "XNUMPY"u8.ToArray()), [Npy, "magic"]),
        new("npy-unknown-version", d => Patch(d, Npy, 6, [9]), [Npy, "version 9.0"]),
        new("npy-malformed-header", d => WriteNpy(d, "{'descr': '<f4', 'fortran_order': Maybe, 'shape': (12, 100), }"), [Npy, "malformed .npy header"]),
        new("npy-no-descr", d => WriteNpy(d, "{'fortran_order': False, 'shape': (12, 100), }"), [Npy, "no 'descr'"]),
        new("npy-float64", d => WriteNpy(d, ValidDict.Replace("<f4", "<f8"), bytesPerValue: 8), [Npy, "dtype '<f8'"]),
        new("npy-big-endian", d => WriteNpy(d, ValidDict.Replace("<f4", ">f4")), [Npy, "dtype '>f4'"]),
        new("npy-fortran-order", d => WriteNpy(d, ValidDict.Replace("False", "True")), [Npy, "fortran_order True"]),
        new("npy-one-dimension", d => WriteNpy(d, ValidDict.Replace("(12, 100)", "(1200,)"), values: 1200), [Npy, "1 dimensions"]),
        new("npy-three-dimensions", d => WriteNpy(d, ValidDict.Replace("(12, 100)", "(12, 10, 10)")), [Npy, "3 dimensions"]),
        new("npy-truncated-data", d => Truncate(d, Npy, 10), [Npy, "truncated", "needs 4800 data bytes"]),
        new("npy-trailing-bytes", d => Append(d, Npy, new byte[8]), [Npy, "8 bytes follow the data"]),
        new("npy-header-longer-than-file", d => Patch(d, Npy, 8, [0xff, 0xff]), [Npy, "header is truncated"]),
        new("npy-columns-differ-from-layout", d => WriteNpy(d, ValidDict.Replace("(12, 100)", "(12, 99)"), values: 12 * 99), [Npy, "99 columns", "100 parameters"]),
        new("npy-rows-differ-from-metrics", d => WriteNpy(d, ValidDict.Replace("(12, 100)", "(11, 100)"), values: 1100), [Metrics, "12 rows", Npy, "11"]),
        // layout.csv
        new("layout-gap", d => EditLayout(d, l => l.Replace("sequential/dense_1/kernel:0,80,100,\"(5, 4)\"", "sequential/dense_1/kernel:0,81,101,\"(5, 4)\"")), [Layout, "gap", "[80, 81)"]),
        new("layout-overlap", d => EditLayout(d, l => l.Replace("sequential/dense_1/kernel:0,80,100,\"(5, 4)\"", "sequential/dense_1/kernel:0,79,99,\"(5, 4)\"")), [Layout, "overlaps", "sequential/dense_1/kernel:0"]),
        new("layout-shape-differs-from-range", d => EditLayout(d, l => l.Replace("\"(5, 4)\"", "\"(5, 5)\"")), [Layout, "row 2", "(5, 5) has 25 values", "holds 20"]),
        new("layout-missing-column", d => EditLayout(d, l => l.Replace("varname,start_idx,end_idx,shape", "varname,start,end_idx,shape")), [Layout, "'start_idx' is missing"]),
        new("layout-non-integer-index", d => EditLayout(d, l => l.Replace(",80,100,", ",80,1e2,")), [Layout, "row 2", "end_idx", "'1e2'"]),
        new("layout-bad-shape-string", d => EditLayout(d, l => l.Replace("\"(5, 4)\"", "\"[5, 4]\"")), [Layout, "row 2", "shape", "[5, 4]"]),
        new("layout-end-before-start", d => EditLayout(d, l => l.Replace(",80,100,", ",100,80,")), [Layout, "row 2", "end_idx 80 is before start_idx 100"]),
        new("layout-header-only", d => EditLayout(d, l => l.Split('\n')[0] + "\n"), [Layout, "no rows"]),
        // metrics.csv.gz
        new("metrics-not-gzip", d => File.WriteAllText(Path.Combine(d, Metrics), string.Join("\n", ReadMetrics(d))), [Metrics, "not a gzip file"]),
        new("metrics-truncated-gzip", d => Truncate(d, Metrics, 30), [Metrics, "gzip"], MustNotMention: ["missing", "empty"]),
        new("metrics-header-only", d => EditMetrics(d, lines => lines.Take(1)), [Metrics, "header but no data rows"], MustNotMention: ["empty"]),
        new("metrics-zero-bytes", d => File.WriteAllBytes(Path.Combine(d, Metrics), []), [Metrics, "empty (0 bytes)"]),
        // A valid gzip member whose content is empty (what `gzip < /dev/null` writes).
        new("metrics-empty-gzip", d => File.WriteAllBytes(Path.Combine(d, Metrics), [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0]), [Metrics, "empty; expected a header"]),
        new("metrics-missing-column", d => EditMetrics(d, lines => lines.Select(l => l.Replace("test_accuracy", "test_acc"))), [Metrics, "'test_accuracy' is missing"]),
        new("metrics-non-numeric-loss", d => EditField(d, row: 3, field: 4, "abc"), [Metrics, "row 3", "test_loss", "'abc' is not a number"]),
        new("metrics-nan-accuracy", d => EditField(d, row: 5, field: 2, "nan"), [Metrics, "row 5", "test_accuracy is NaN"]),
        new("metrics-accuracy-above-one", d => EditField(d, row: 2, field: 2, "1.7"), [Metrics, "row 2", "test_accuracy", "1.7 is not an accuracy in [0, 1]"]),
        new("metrics-negative-accuracy", d => EditField(d, row: 7, field: 3, "-0.25"), [Metrics, "row 7", "train_accuracy", "-0.25"]),
        new("metrics-fewer-rows-than-weights", d => EditMetrics(d, lines => lines.Take(12)), [Metrics, "11 rows", Npy, "12"]),
        new("metrics-more-rows-than-weights", d => EditMetrics(d, lines => lines.Append(lines.Last().Replace("run-002", "run-003"))), [Metrics, "13 rows", Npy, "12"]),
        new("metrics-duplicate-checkpoint", d => EditField(d, row: 2, field: 1, "0"), [Metrics, "row 2", "run-000", "step 0 appears twice"]),
        new("metrics-non-integer-step", d => EditField(d, row: 4, field: 1, "1.5"), [Metrics, "row 4", "step", "'1.5' is not an integer"]),
        new("metrics-short-row", d => EditMetrics(d, lines => lines.Select((l, i) => i == 6 ? "run-001,1,0.5" : l)), [Metrics, "row 6", "missing"]),
        // the folder and its files
        new("zoo-folder-missing", d => Directory.Delete(d, recursive: true), ["does not exist"]),
        new("weights-missing", d => File.Delete(Path.Combine(d, Npy)), [Npy]),
        new("layout-missing", d => File.Delete(Path.Combine(d, Layout)), [Layout]),
        new("metrics-a-folder-not-a-file", d => ReplaceWithFolder(d, Metrics), [Metrics]),
        new("every-row-non-finite", d => WriteNpy(d, ValidDict, fill: float.NaN), [Npy, "non-finite", "nothing to ingest"]),
        new("dataset-column-absent", d => { }, [Metrics, "config.dataset", "cifar10"], Args: ["--dataset=cifar10"]),
        new("dataset-not-in-the-zoo", d => EditMetrics(d, lines => lines.Select((l, i) => i == 0 ? l + ",config.dataset" : l + ",mnist")), [Metrics, "'cifar10'", "mnist"], Args: ["--dataset=cifar10"]),
    ];

    private static void Patch(string dir, string file, int offset, byte[] bytes)
    {
        using var stream = File.OpenWrite(Path.Combine(dir, file));
        stream.Position = offset;
        stream.Write(bytes);
    }

    private static void Truncate(string dir, string file, int bytes)
    {
        var path = Path.Combine(dir, file);
        using var stream = File.OpenWrite(path);
        stream.SetLength(stream.Length - bytes);
    }

    private static void Append(string dir, string file, byte[] bytes)
    {
        using var stream = new FileStream(Path.Combine(dir, file), FileMode.Append);
        stream.Write(bytes);
    }

    private static void ReplaceWithFolder(string dir, string file)
    {
        File.Delete(Path.Combine(dir, file));
        Directory.CreateDirectory(Path.Combine(dir, file));
    }

    /// <summary>A version 1.0 .npy with the given header dict and <paramref name="values"/> values (default 12 x 100).</summary>
    private static void WriteNpy(string dir, string dict, int values = 1200, int bytesPerValue = 4, float fill = 0.5f)
    {
        var data = new byte[values * bytesPerValue];
        for (var i = 0; i + 4 <= data.Length; i += 4) BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(i), fill);
        File.WriteAllBytes(Path.Combine(dir, Npy), [.. NpyFormat.Frame(dict, 1), .. data]);
    }

    private static void EditLayout(string dir, Func<string, string> edit)
    {
        var path = Path.Combine(dir, Layout);
        File.WriteAllText(path, edit(File.ReadAllText(path).ReplaceLineEndings("\n")));
    }

    private static List<string> ReadMetrics(string dir)
    {
        using var gzip = new GZipStream(File.OpenRead(Path.Combine(dir, Metrics)), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        return reader.ReadToEnd().ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }

    private static void EditMetrics(string dir, Func<List<string>, IEnumerable<string>> edit)
    {
        var lines = edit(ReadMetrics(dir)).ToList();
        using var gzip = new GZipStream(File.Create(Path.Combine(dir, Metrics)), CompressionLevel.Optimal);
        using var writer = new StreamWriter(gzip);
        foreach (var line in lines) writer.Write(line + "\n");
    }

    /// <summary>Sets one of the six leading (comma-free) fields of 1-based data row <paramref name="row"/>.</summary>
    private static void EditField(string dir, int row, int field, string value) => EditMetrics(dir, lines => lines.Select((l, i) =>
    {
        if (i != row) return l;
        var parts = l.Split(',', 7);
        parts[field] = value;
        return string.Join(",", parts);
    }));
}
