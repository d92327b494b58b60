using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using TorchSharp;
using WeightSpace.Core.Torch;
using static TorchSharp.torch;

namespace WeightSpace.Bench;

/// <summary>
/// `--what=matmul`: the machine's fp32 matmul rate and which libtorch operations keep their bits when
/// the math pins, the thread count or MKL's idea of the CPU vendor change. The math libraries read
/// their settings once, when libtorch loads, so every setting is measured in a child process of this
/// program (`matmul-probe`): today's pins (<see cref="ReproducibleMath.Pins"/>), the same with MKL's
/// strict AVX2 branch (<c>MKL_CBWR=AVX2,STRICT</c>), and no pins at all (the libraries free to pick
/// their fastest kernels), each at 1 and 2 threads, and, where a C compiler is at hand, again with
/// MKL made to believe it runs on an Intel CPU (tests/faults/mkl-as-intel.c, as same-numbers.sh does).
/// </summary>
public static class MatmulBench
{
    private const int Size = 2048;
    private const int Repeats = 5;

    private static readonly (string Name, Dictionary<string, string?> Environment)[] Settings =
    [
        ("pinned (MKL_CBWR=COMPATIBLE)", []),
        ("pinned, MKL_CBWR=AVX2,STRICT", Unpinned(ReproducibleMath.Pins.ToDictionary(p => p.Key, p => (string?)p.Value), "AVX2,STRICT")),
        ("no pins (fastest kernels)", Unpinned(ReproducibleMath.Pins.ToDictionary(p => p.Key, p => (string?)null), null)),
    ];

    /// <summary>The pins' variables with MKL_CBWR replaced, applied by hand (the child skips its own pins).</summary>
    private static Dictionary<string, string?> Unpinned(Dictionary<string, string?> variables, string? cbwr)
    {
        variables["MKL_CBWR"] = cbwr;
        variables[ReproducibleMath.OptOut] = "1";
        return variables;
    }

    public static void Run(string shimSource, string scratch)
    {
        var dll = typeof(MatmulBench).Assembly.Location;
        var shim = IntelShim(shimSource, scratch);
        Console.WriteLine($"matmul: {Size}² SGEMM GFLOP/s (median of {Repeats}) and SHA-256 prefixes of each operation's result, per math setting and thread count"
            + (shim is null ? " (no C compiler: MKL's Intel paths not tried)" : "; \"as Intel\": MKL believes the CPU is Intel's"));
        Console.WriteLine($"{"setting",-40} {"threads",7} {"GFLOP/s",8}  {"sgemm",-12} {"linear fwd/bwd",-25} {"bmm",-12} {"small grad",-12} {"layer norm w/b grad",-25}");
        try
        {
            foreach (var (name, environment) in Settings)
            foreach (var intel in shim is null ? [false] : new[] { false, true })
            foreach (var threads in new[] { 1, 2 })
                Console.WriteLine($"{name + (intel ? ", as Intel" : ""),-40} {threads,7} {ProbeLine(dll, environment, intel ? shim : null, threads, name)}");
        }
        finally
        {
            if (shim is not null) File.Delete(shim); // the bench scratch is left empty, as by every bench
        }
        Console.WriteLine("Equal prefixes in a column: the same bits. MKL_CBWR=AVX2,STRICT promises SGEMM bits independent of the thread count (MKL's strict CNR mode)"
            + " on Intel CPUs; on other vendors MKL honours only COMPATIBLE and runs AVX2,STRICT as AUTO,STRICT (MKL_VERBOSE=1 shows the mode).");
    }

    /// <summary>Runs one child with <paramref name="environment"/>'s changes (and <paramref name="preload"/>, if any): its printed line.</summary>
    private static string ProbeLine(string dll, Dictionary<string, string?> environment, string? preload, int threads, string name)
    {
        var start = new ProcessStartInfo("dotnet", [dll, "matmul-probe", $"--threads={threads}"]) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var (key, value) in environment)
            if (value is null) start.Environment.Remove(key); else start.Environment[key] = value;
        start.Environment["OMP_NUM_THREADS"] = start.Environment["MKL_NUM_THREADS"] = threads.ToString(CultureInfo.InvariantCulture);
        if (preload is not null) start.Environment["LD_PRELOAD"] = preload;
        using var probe = Process.Start(start) ?? throw new InvalidOperationException("could not start the matmul probe");
        var line = probe.StandardOutput.ReadToEnd().TrimEnd();
        probe.WaitForExit();
        if (probe.ExitCode != 0) throw new InvalidOperationException($"the matmul probe ({name}, {threads} threads) exited with {probe.ExitCode}");
        return line;
    }

    /// <summary>The child: one line, GFLOP/s then the hashes, in the columns <see cref="Run"/> prints.</summary>
    public static void Probe(int threads)
    {
        torch.set_num_threads(threads);
        var generator = new torch.Generator(7);
        Tensor Random(params long[] shape) => torch.randn(shape, generator: generator);

        using var a = Random(Size, Size);
        using var b = Random(Size, Size);
        using var c = a.matmul(b); // warm-up; its bits are the sgemm column
        var seconds = new double[Repeats];
        for (var i = 0; i < Repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            using var _ = a.matmul(b);
            seconds[i] = watch.Elapsed.TotalSeconds;
        }
        var gflops = 2.0 * Size * Size * Size / seconds.Order().ElementAt(Repeats / 2) / 1e9;

        // A transformer layer's shapes: 64 samples × 50 tokens at d_model 128, a 512-wide linear.
        using var x = Random(64 * 50, 128);
        using var w = Random(512, 128).requires_grad_(true);
        using var bias = Random(512).requires_grad_(true);
        using var y = nn.functional.linear(x, w, bias);
        (y * Random(64 * 50, 512)).sum().backward();
        using var q = Random(256, 50, 32);
        using var k = Random(256, 32, 50);
        using var scores = q.bmm(k);
        // The smoke profile's shapes (d_model 16): a weight gradient whose sum runs over 64 rows.
        using var small = Random(64, 20);
        using var smallWeight = Random(16, 20).requires_grad_(true);
        (nn.functional.linear(small, smallWeight) * Random(64, 16)).sum().backward();
        using var input = Random(64 * 50, 128).requires_grad_(true);
        using var gain = Random(128).requires_grad_(true);
        using var shift = Random(128).requires_grad_(true);
        (nn.functional.layer_norm(input, [128], gain, shift) * Random(64 * 50, 128)).sum().backward();

        Console.WriteLine($"{gflops,8:F1}  {Hash(c),-12} {Hash(y) + "/" + Hash(w.grad!),-25} {Hash(scores),-12} {Hash(smallWeight.grad!),-12} {Hash(gain.grad!) + "/" + Hash(shift.grad!),-25}");
    }

    private static string Hash(Tensor t)
    {
        var values = t.detach().contiguous().data<float>().ToArray();
        var bytes = new byte[values.Length * sizeof(float)];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        return Convert.ToHexString(SHA256.HashData(bytes))[..12];
    }

    /// <summary><paramref name="source"/> (tests/faults/mkl-as-intel.c) compiled into <paramref name="scratch"/>, or null without a C compiler.</summary>
    private static string? IntelShim(string source, string scratch)
    {
        if (!File.Exists(source)) return null;
        Directory.CreateDirectory(scratch);
        var library = Path.Combine(scratch, "mkl-as-intel.so");
        try
        {
            using var cc = Process.Start(new ProcessStartInfo("cc", ["-shared", "-fPIC", "-O2", "-o", library, source]) { UseShellExecute = false, RedirectStandardError = true });
            cc!.StandardError.ReadToEnd();
            cc.WaitForExit();
            return cc.ExitCode == 0 ? library : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no cc on this machine
        }
    }
}
