using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace WeightSpace.Core.Cnn;

/// <summary>
/// The Small CNN's forward and backward pass for one model, one image at a time, written out for
/// this fixed network: a worker holds one of these and runs it for model after model. Activations
/// are kept height × width × channel, so a 3×3 patch row of a conv input is 3·16 contiguous floats
/// and no im2col copy is made; the 16 filters are one 16-lane value (<see cref="IFilters{TSelf}"/>). An image's whole working set
/// (activations, gradients, the model's weights) stays in the core's cache, which is what makes
/// this faster than GEMMs over a batch: the network is far too small for the GEMMs to be anything
/// but memory traffic. Each gradient is summed in a fixed order (positions, then images in batch
/// order) with separate multiplies and adds, so a model's step is the same bits on every machine,
/// alone or among others.
/// </summary>
public sealed class SmallCnnPass
{
    private const int F = SmallCnn.Filters; // 16: one IFilters value
    private const int Side0 = SmallCnn.ImageSide, Side1 = 13, Side2 = 6, Side3 = 2;
    private const int Units1 = Side1 * Side1 * F, Units2 = Side2 * Side2 * F, Units3 = Side3 * Side3 * F; // 2704, 576, 64
    private const int Patch = 9 * F; // 144 inputs per conv 2/3 output
    private const int Classes = SmallCnn.Classes;

    // Offsets of each variable in the published flat layout (bias before kernel).
    private static readonly int Bias1 = Start("sequential/conv2d/bias:0"), Kernel1 = Start("sequential/conv2d/kernel:0"),
        Bias2 = Start("sequential/conv2d_1/bias:0"), Kernel2 = Start("sequential/conv2d_1/kernel:0"),
        Bias3 = Start("sequential/conv2d_2/bias:0"), Kernel3 = Start("sequential/conv2d_2/kernel:0"),
        Bias4 = Start("sequential/dense/bias:0"), Kernel4 = Start("sequential/dense/kernel:0");

    private readonly bool _relu;
    // Per layer: H = activation · dropout factor (the next layer's input) and G = activation' · dropout
    // factor (what the backward pass multiplies the incoming gradient by).
    private readonly float[] _z1 = new float[Units1], _h1 = new float[Units1], _g1 = new float[Units1], _d1 = new float[Units1];
    private readonly float[] _z2 = new float[Units2], _h2 = new float[Units2], _g2 = new float[Units2], _d2 = new float[Units2];
    private readonly float[] _z3 = new float[Units3], _h3 = new float[Units3], _g3 = new float[Units3], _d3 = new float[Units3];
    private readonly float[] _mask1 = new float[Units1], _mask2 = new float[Units2], _mask3 = new float[Units3];
    private readonly float[] _pooled = new float[F];
    private readonly double[] _logits = new double[Classes];
    private readonly float[] _dLogits = new float[Classes];
    private readonly float[] _kernel2T = new float[Patch * F], _kernel3T = new float[Patch * F]; // (16, 144): dInput as vectors over inputs

    public SmallCnnPass(bool relu) => _relu = relu;

    private static int Start(string name) => SmallCnn.Entries.Single(e => e.VarName == name).Start;

    /// <summary>
    /// Adds to <paramref name="gradient"/> the gradient of the mean cross-entropy over the batch
    /// <paramref name="batch"/> (indices into <paramref name="pixels"/>/<paramref name="labels"/>),
    /// with dropout drawn from <paramref name="dropout"/> (null: no dropout). L2 is the caller's.
    /// </summary>
    public void AccumulateGradient(ReadOnlySpan<float> weights, ReadOnlySpan<float> pixels, ReadOnlySpan<int> labels, ReadOnlySpan<int> batch,
        Span<float> gradient, DropoutStream? dropout, short threshold, float keep)
    {
        if (Vector512.IsHardwareAccelerated) AccumulateGradient<Filters512>(weights, pixels, labels, batch, gradient, dropout, threshold, keep);
        else AccumulateGradient<Filters256>(weights, pixels, labels, batch, gradient, dropout, threshold, keep);
    }

    /// <summary>Correct predictions and summed cross-entropy over <paramref name="count"/> images from <paramref name="first"/>, dropout off.</summary>
    public (int Correct, double Loss) Evaluate(ReadOnlySpan<float> weights, ReadOnlySpan<float> pixels, ReadOnlySpan<int> labels, int first, int count) =>
        Vector512.IsHardwareAccelerated ? Evaluate<Filters512>(weights, pixels, labels, first, count) : Evaluate<Filters256>(weights, pixels, labels, first, count);

    private void AccumulateGradient<T>(ReadOnlySpan<float> weights, ReadOnlySpan<float> pixels, ReadOnlySpan<int> labels, ReadOnlySpan<int> batch,
        Span<float> gradient, DropoutStream? dropout, short threshold, float keep) where T : struct, IFilters<T>
    {
        Transpose(weights.Slice(Kernel2, Patch * F), _kernel2T);
        Transpose(weights.Slice(Kernel3, Patch * F), _kernel3T);
        var scale = 1f / batch.Length;
        foreach (var image in batch)
        {
            if (dropout is not null)
            {
                dropout.FillFactors(_mask1, threshold, keep);
                dropout.FillFactors(_mask2, threshold, keep);
                dropout.FillFactors(_mask3, threshold, keep);
            }
            Forward<T>(weights, pixels.Slice(image * Side0 * Side0, Side0 * Side0), dropout is not null);
            // d(mean cross-entropy)/d logits = (softmax − one-hot) / batch.
            var sum = Softmax();
            for (var c = 0; c < Classes; c++)
                _dLogits[c] = (float)(_logits[c] / sum - (c == labels[image] ? 1 : 0)) * scale;
            Backward<T>(weights, pixels.Slice(image * Side0 * Side0, Side0 * Side0), gradient);
        }
    }

    private (int Correct, double Loss) Evaluate<T>(ReadOnlySpan<float> weights, ReadOnlySpan<float> pixels, ReadOnlySpan<int> labels, int first, int count)
        where T : struct, IFilters<T>
    {
        var (correct, loss) = (0, 0.0);
        for (var image = first; image < first + count; image++)
        {
            Forward<T>(weights, pixels.Slice(image * Side0 * Side0, Side0 * Side0), dropout: false);
            var best = 0;
            for (var c = 1; c < Classes; c++) if (_logits[c] > _logits[best]) best = c;
            if (best == labels[image]) correct++;
            var max = _logits[best];
            loss += max - _logits[labels[image]] + PortableMath.Log(Softmax(max)); // −log softmax_y, before Softmax overwrites the logits
        }
        return (correct, loss);
    }

    // Turns _logits into exp(logit − max) in place and returns their sum (≥ 1).
    private double Softmax(double? knownMax = null)
    {
        var max = knownMax ?? _logits.Max();
        var sum = 0.0;
        for (var c = 0; c < Classes; c++) sum += _logits[c] = PortableMath.Exp(_logits[c] - max);
        return sum;
    }

    private void Forward<T>(ReadOnlySpan<float> weights, ReadOnlySpan<float> x, bool dropout) where T : struct, IFilters<T>
    {
        ref var w = ref MemoryMarshal.GetReference(weights);
        ref var xr = ref MemoryMarshal.GetReference(x);
        // Conv 1: 28×28×1 -> 13×13×16; 9 inputs per output, one 16-lane value of filters per position. Positions
        // in runs of up to four along a row (13 = 4 + 4 + 4 + 1), so each kernel load serves four.
        ref var z1 = ref Ref(_z1);
        for (var i = 0; i < Side1; i++)
            for (var j = 0; j < Side1; j += 4)
            {
                var run = Math.Min(4, Side1 - j);
                var a = T.Load(ref w, Bias1);
                var (b, c, d) = (a, a, a);
                for (var kh = 0; kh < 3; kh++)
                    for (var kw = 0; kw < 3; kw++)
                    {
                        ref var px = ref Unsafe.Add(ref xr, (2 * i + kh) * Side0 + 2 * j + kw); // positions 2 pixels apart
                        var k = T.Load(ref w, Kernel1 + (kh * 3 + kw) * F);
                        a = a.MulAdd(px, k);
                        if (run == 1) continue;
                        b = b.MulAdd(Unsafe.Add(ref px, 2), k);
                        c = c.MulAdd(Unsafe.Add(ref px, 4), k);
                        d = d.MulAdd(Unsafe.Add(ref px, 6), k);
                    }
                var p = (i * Side1 + j) * F;
                a.Store(ref z1, p);
                if (run == 1) continue;
                b.Store(ref z1, p + F);
                c.Store(ref z1, p + 2 * F);
                d.Store(ref z1, p + 3 * F);
            }
        Activate(_z1, _h1, _g1, dropout ? _mask1 : null);
        ConvForward<T>(_h1, Side1, ref w, Kernel2, Bias2, _z2, Side2);
        Activate(_z2, _h2, _g2, dropout ? _mask2 : null);
        ConvForward<T>(_h2, Side2, ref w, Kernel3, Bias3, _z3, Side3);
        Activate(_z3, _h3, _g3, dropout ? _mask3 : null);
        // Global average pooling over the 2×2 positions, then the dense layer (kernel (16, 10)).
        for (var o = 0; o < F; o++) _pooled[o] = (_h3[o] + _h3[F + o] + _h3[2 * F + o] + _h3[3 * F + o]) * 0.25f;
        for (var c = 0; c < Classes; c++)
        {
            var s = weights[Bias4 + c];
            for (var o = 0; o < F; o++) s += _pooled[o] * weights[Kernel4 + o * Classes + c];
            _logits[c] = s;
        }
    }

    private void Backward<T>(ReadOnlySpan<float> weights, ReadOnlySpan<float> x, Span<float> gradient) where T : struct, IFilters<T>
    {
        ref var w = ref MemoryMarshal.GetReference(weights);
        ref var g = ref MemoryMarshal.GetReference(gradient);
        // Dense and pooling: dPooled = kernel · dLogits; each of the 4 positions gets a quarter.
        for (var c = 0; c < Classes; c++) gradient[Bias4 + c] += _dLogits[c];
        for (var o = 0; o < F; o++)
        {
            var d = 0f;
            for (var c = 0; c < Classes; c++)
            {
                gradient[Kernel4 + o * Classes + c] += _pooled[o] * _dLogits[c];
                d += weights[Kernel4 + o * Classes + c] * _dLogits[c];
            }
            d *= 0.25f;
            for (var p = 0; p < 4; p++) _d3[p * F + o] = d * _g3[p * F + o];
        }
        ConvBackward<T>(_h2, Side2, _d3, Side3, ref g, Kernel3, Bias3, _kernel3T, _d2);
        Multiply(_d2, _g2);
        ConvBackward<T>(_h1, Side1, _d2, Side2, ref g, Kernel2, Bias2, _kernel2T, _d1);
        Multiply(_d1, _g1);
        // Conv 1's kernel and bias (its input needs no gradient): one kernel row (kh) of 3 inputs at a time.
        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var d1 = ref Ref(_d1);
        for (var kh = 0; kh < 3; kh++)
        {
            T a = default, b = default, c = default;
            for (var i = 0; i < Side1; i++)
                for (var j = 0; j < Side1; j++)
                {
                    var dz = T.Load(ref d1, (i * Side1 + j) * F);
                    ref var row = ref Unsafe.Add(ref xr, (2 * i + kh) * Side0 + 2 * j);
                    a = a.MulAdd(row, dz);
                    b = b.MulAdd(Unsafe.Add(ref row, 1), dz);
                    c = c.MulAdd(Unsafe.Add(ref row, 2), dz);
                }
            var k = Kernel1 + kh * 3 * F;
            a.AddTo(ref g, k);
            b.AddTo(ref g, k + F);
            c.AddTo(ref g, k + 2 * F);
        }
        BiasGradient<T>(_d1, Side1 * Side1, ref g, Bias1);
    }

    /// <summary>Conv 3×3 stride 2 of a side×side×16 input into z (outSide²×16), bias first; two output positions at a time share each kernel row load.</summary>
    private static void ConvForward<T>(float[] input, int inSide, ref float w, int kernel, int bias, float[] z, int outSide) where T : struct, IFilters<T>
    {
        ref var inp = ref Ref(input);
        ref var zr = ref Ref(z);
        var biases = T.Load(ref w, bias);
        for (var i = 0; i < outSide; i++)
            for (var j = 0; j < outSide; j += 2)
            {
                // Even and odd inputs sum into separate accumulators (8 independent chains hide the add latency).
                var (a, b) = (biases, biases);
                T e = default, f = default;
                for (var kh = 0; kh < 3; kh++)
                {
                    ref var row = ref Unsafe.Add(ref inp, ((2 * i + kh) * inSide + 2 * j) * F); // 48 floats; the next position's row starts 32 later
                    ref var k = ref Unsafe.Add(ref w, kernel + kh * 3 * F * F);
                    for (var m = 0; m < 3 * F; m += 2)
                    {
                        var even = T.Load(ref k, m * F);
                        a = a.MulAdd(Unsafe.Add(ref row, m), even);
                        b = b.MulAdd(Unsafe.Add(ref row, m + 2 * F), even);
                        var odd = T.Load(ref k, m * F + F);
                        e = e.MulAdd(Unsafe.Add(ref row, m + 1), odd);
                        f = f.MulAdd(Unsafe.Add(ref row, m + 1 + 2 * F), odd);
                    }
                }
                var p = (i * outSide + j) * F;
                (a + e).Store(ref zr, p);
                (b + f).Store(ref zr, p + F);
            }
    }

    /// <summary>
    /// Backward of <see cref="ConvForward"/> given dz (outSide²×16): adds the kernel and bias
    /// gradients and writes dInput (inSide²×16, overwritten) through the transposed kernel.
    /// </summary>
    private static void ConvBackward<T>(float[] input, int inSide, float[] dz, int outSide, ref float g, int kernel, int bias, float[] kernelT, float[] dInput)
        where T : struct, IFilters<T>
    {
        ref var inp = ref Ref(input);
        ref var d = ref Ref(dz);
        var positions = outSide * outSide;
        // Kernel gradient: for 4 inputs of a kernel row at a time, sum input × dz over the output positions.
        for (var kh = 0; kh < 3; kh++)
            for (var m = 0; m < 3 * F; m += 4)
            {
                T a = default, b = default, c = default, e = default;
                for (var i = 0; i < outSide; i++)
                    for (var j = 0; j < outSide; j++)
                    {
                        var dp = T.Load(ref d, (i * outSide + j) * F);
                        ref var x = ref Unsafe.Add(ref inp, ((2 * i + kh) * inSide + 2 * j) * F + m);
                        a = a.MulAdd(x, dp);
                        b = b.MulAdd(Unsafe.Add(ref x, 1), dp);
                        c = c.MulAdd(Unsafe.Add(ref x, 2), dp);
                        e = e.MulAdd(Unsafe.Add(ref x, 3), dp);
                    }
                var k = kernel + (kh * 3 * F + m) * F;
                a.AddTo(ref g, k);
                b.AddTo(ref g, k + F);
                c.AddTo(ref g, k + 2 * F);
                e.AddTo(ref g, k + 3 * F);
            }
        BiasGradient<T>(dz, positions, ref g, bias);
        // dInput: each output position adds kernelᵀ·dz to its 3 patch rows of 48 inputs (rows overlap
        // at stride 2). Two positions along a row at a time share each kernelᵀ load.
        Array.Clear(dInput);
        ref var di = ref Ref(dInput);
        ref var kt = ref Ref(kernelT);
        for (var i = 0; i < outSide; i++)
            for (var j = 0; j < outSide; j += 2)
                for (var kh = 0; kh < 3; kh++)
                {
                    Vector256<float> r0 = default, r1 = default, r2 = default, r3 = default, r4 = default, r5 = default;
                    Vector256<float> s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default;
                    ref var dp = ref Unsafe.Add(ref d, (i * outSide + j) * F);
                    ref var row = ref Unsafe.Add(ref kt, kh * 3 * F);
                    for (var o = 0; o < F; o++, row = ref Unsafe.Add(ref row, Patch))
                    {
                        var (u, v) = (Vector256.Create(Unsafe.Add(ref dp, o)), Vector256.Create(Unsafe.Add(ref dp, F + o)));
                        var k = Load(ref row, 0); r0 += u * k; s0 += v * k;
                        k = Load(ref row, 8); r1 += u * k; s1 += v * k;
                        k = Load(ref row, 16); r2 += u * k; s2 += v * k;
                        k = Load(ref row, 24); r3 += u * k; s3 += v * k;
                        k = Load(ref row, 32); r4 += u * k; s4 += v * k;
                        k = Load(ref row, 40); r5 += u * k; s5 += v * k;
                    }
                    var at = ((2 * i + kh) * inSide + 2 * j) * F; // the second position's row starts 32 later
                    AddTo(r0, ref di, at); AddTo(r1, ref di, at + 8); AddTo(r2, ref di, at + 16);
                    AddTo(r3, ref di, at + 24); AddTo(r4, ref di, at + 32); AddTo(r5, ref di, at + 40);
                    at += 2 * F;
                    AddTo(s0, ref di, at); AddTo(s1, ref di, at + 8); AddTo(s2, ref di, at + 16);
                    AddTo(s3, ref di, at + 24); AddTo(s4, ref di, at + 32); AddTo(s5, ref di, at + 40);
                }
    }

    private static void BiasGradient<T>(float[] dz, int positions, ref float g, int bias) where T : struct, IFilters<T>
    {
        ref var d = ref Ref(dz);
        T sum = default;
        for (var p = 0; p < positions; p++) sum += T.Load(ref d, p * F);
        sum.AddTo(ref g, bias);
    }

    /// <summary>h = act(z)·mask and g = act'(z)·mask (mask null: 1); relu' is 0 at 0, tanh' = 1 − tanh².</summary>
    private void Activate(float[] z, float[] h, float[] g, float[]? mask)
    {
        // Separate loops per activation and for the mask: one fused loop keeps more vectors live than
        // there are registers (tanh's polynomial) and measured slower.
        if (_relu) Relu(z, h, g);
        else Tanh(z, h, g);
        if (mask is null) return;
        Multiply(h, mask);
        Multiply(g, mask);
    }

    private static void Relu(float[] z, float[] h, float[] g)
    {
        ref var zr = ref Ref(z);
        ref var hr = ref Ref(h);
        ref var gr = ref Ref(g);
        for (var u = 0; u < z.Length; u += 8)
        {
            var v = Load(ref zr, u);
            var positive = Vector256.GreaterThan(v, Vector256<float>.Zero);
            Store(v & positive, ref hr, u);
            Store(Vector256<float>.One & positive, ref gr, u);
        }
    }

    private static void Tanh(float[] z, float[] h, float[] g)
    {
        ref var zr = ref Ref(z);
        ref var hr = ref Ref(h);
        ref var gr = ref Ref(g);
        for (var u = 0; u < z.Length; u += 8)
        {
            var a = PortableMath.Tanh(Load(ref zr, u));
            Store(a, ref hr, u);
            Store(Vector256<float>.One - a * a, ref gr, u);
        }
    }

    private static void Multiply(float[] target, float[] by)
    {
        ref var t = ref Ref(target);
        ref var b = ref Ref(by);
        for (var u = 0; u < target.Length; u += 8) Store(Load(ref t, u) * Load(ref b, u), ref t, u);
    }

    // (144, 16) -> (16, 144).
    private static void Transpose(ReadOnlySpan<float> kernel, float[] transposed)
    {
        for (var k = 0; k < Patch; k++)
            for (var o = 0; o < F; o++)
                transposed[o * Patch + k] = kernel[k * F + o];
    }

    private static ref float Ref(float[] a) => ref MemoryMarshal.GetArrayDataReference(a);

    /// <summary>
    /// One value per filter, 16 lanes, and the few operations the pass needs. Two layouts with the
    /// same per-lane arithmetic (a multiply, then an add, never fused), hence the same bits: one
    /// 16-lane vector where the CPU has AVX-512, two 8-lane vectors elsewhere. .NET's own fallback
    /// for 16-lane vectors on AVX2 measured 10 % slower than the explicit pair.
    /// </summary>
    private interface IFilters<TSelf> where TSelf : struct, IFilters<TSelf>
    {
        static abstract TSelf Load(ref float r, int at);
        void Store(ref float r, int at);
        void AddTo(ref float r, int at);
        /// <summary>this + x·k per filter.</summary>
        TSelf MulAdd(float x, TSelf k);
        static abstract TSelf operator +(TSelf a, TSelf b);
    }

    private readonly struct Filters256(Vector256<float> low, Vector256<float> high) : IFilters<Filters256>
    {
        private readonly Vector256<float> _low = low, _high = high;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Filters256 Load(ref float r, int at) => new(Vector256.LoadUnsafe(ref r, (nuint)at), Vector256.LoadUnsafe(ref r, (nuint)at + 8));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Store(ref float r, int at)
        {
            _low.StoreUnsafe(ref r, (nuint)at);
            _high.StoreUnsafe(ref r, (nuint)at + 8);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void AddTo(ref float r, int at) => (Load(ref r, at) + this).Store(ref r, at);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Filters256 MulAdd(float x, Filters256 k)
        {
            var v = Vector256.Create(x);
            return new(_low + v * k._low, _high + v * k._high);
        }

        public static Filters256 operator +(Filters256 a, Filters256 b) => new(a._low + b._low, a._high + b._high);
    }

    private readonly struct Filters512(Vector512<float> all) : IFilters<Filters512>
    {
        private readonly Vector512<float> _all = all;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Filters512 Load(ref float r, int at) => new(Vector512.LoadUnsafe(ref r, (nuint)at));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Store(ref float r, int at) => _all.StoreUnsafe(ref r, (nuint)at);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void AddTo(ref float r, int at) => (Load(ref r, at) + this).Store(ref r, at);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Filters512 MulAdd(float x, Filters512 k) => new(_all + Vector512.Create(x) * k._all);

        public static Filters512 operator +(Filters512 a, Filters512 b) => new(a._all + b._all);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Load(ref float r, int at) => Vector256.LoadUnsafe(ref r, (nuint)at);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector256<float> v, ref float r, int at) => v.StoreUnsafe(ref r, (nuint)at);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddTo(Vector256<float> v, ref float r, int at) => (Load(ref r, at) + v).StoreUnsafe(ref r, (nuint)at);
}
