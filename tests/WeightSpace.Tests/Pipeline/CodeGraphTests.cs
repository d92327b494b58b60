using System.Diagnostics;
using WeightSpace.Pipeline;

namespace WeightSpace.Tests.Pipeline;

/// <summary>
/// The code graph on a small library compiled here with the SDK's own C# compiler, in three
/// versions: the reached set, and which edits change a member's hash (reached code) and which do
/// not (a comment, a method never reached, a file never reached).
/// </summary>
public sealed class CodeGraphTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ws-codegraph-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static readonly Dictionary<string, string> Version1 = new()
    {
        ["Root.cs"] = """
            namespace Demo;
            public interface IStep { int Run(); }
            public sealed class Root : IStep
            {
                public int Run() => Helper.Twice(3) + Make().Value() + Counter.Start;
                private static Base Make() => new Impl();
            }
            """,
        ["Helper.cs"] = """
            namespace Demo;
            public static class Helper
            {
                public static int Twice(int x) => x * 2;
                public static int Unused(int x) => x + 1;
            }
            """,
        ["Impl.cs"] = """
            namespace Demo;
            public abstract class Base { public abstract int Value(); }
            public sealed class Impl : Base
            {
                public override int Value() { System.Func<int> f = () => 7; return f(); }
            }
            """,
        ["Counter.cs"] = """
            namespace Demo;
            public static class Counter { public static readonly int Start = Seed(); private static int Seed() => 5; }
            """,
        ["Far.cs"] = """
            namespace Demo;
            public static class Far { public static int Never() => Helper.Twice(42); }
            """,
    };

    [Fact]
    public void Reaches_calls_overrides_lambdas_and_static_constructors_and_only_reached_code_changes_hashes()
    {
        var v1 = Files(Compile("v1", Version1));
        Assert.Equal(["Counter.cs", "Helper.cs", "Impl.cs", "Root.cs"], v1.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("Impl::Value", v1["Impl.cs"]);          // the override, through a virtual call
        Assert.Contains("<Value>b__", v1["Impl.cs"]);           // the lambda, through its closure class
        Assert.Contains("Counter::Seed", v1["Counter.cs"]);     // the static constructor's callee
        Assert.DoesNotContain("Unused", v1["Helper.cs"]);

        var harmless = new Dictionary<string, string>(Version1)
        {
            ["Helper.cs"] = "// a comment, and the lines below move\n\n" + Version1["Helper.cs"].Replace("x + 1", "x + 100"),
            ["Far.cs"] = Version1["Far.cs"].Replace("42", "43"),
        };
        Assert.Equal(v1.ToList(), Files(Compile("v2", harmless)).ToList());

        var reached = new Dictionary<string, string>(Version1)
        {
            ["Helper.cs"] = Version1["Helper.cs"].Replace("x * 2", "x * 3"),
            ["Impl.cs"] = Version1["Impl.cs"].Replace("() => 7", "() => 8"),
        };
        var v3 = Files(Compile("v3", reached));
        Assert.NotEqual(v1["Helper.cs"], v3["Helper.cs"]);
        Assert.NotEqual(v1["Impl.cs"], v3["Impl.cs"]);
        Assert.Equal(v1["Root.cs"], v3["Root.cs"]);
    }

    private static readonly Dictionary<string, string> Literals = new()
    {
        ["Root.cs"] = """
            namespace Demo;
            public sealed class Root { public int Run() => Tables.Sum(); }
            """,
        ["Tables.cs"] = """
            namespace Demo;
            public static class Tables
            {
                public static int Sum()
                {
                    var sum = 0;
                    foreach (var x in new[] { 3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3 }) sum += x;
                    return sum;
                }
                public static int Other() => 0;
            }
            """,
        ["Far.cs"] = """
            namespace Demo;
            public static class Far { public static int Never() => 0; }
            """,
    };

    [Fact]
    public void A_literal_added_in_unreached_code_changes_no_hash_and_a_change_to_the_reached_literal_does()
    {
        var v1 = Files(Compile("v1", Literals));
        // The reached literal's data is a member of its own (the compiler's class for literal data).
        Assert.Contains(v1, f => f.Value.Contains("<PrivateImplementationDetails>::", StringComparison.Ordinal));

        // Array and span literals and a string switch (which adds ComputeStringHash) elsewhere, one in
        // the same file as the reached literal: all of them land in <PrivateImplementationDetails> too.
        var elsewhere = new Dictionary<string, string>(Literals)
        {
            ["Tables.cs"] = Literals["Tables.cs"].Replace("Other() => 0;", "Other() => new[] { 2, 7, 1, 8, 2, 8, 1, 8, 2, 8, 4, 5, 9, 0, 4, 5 }[3];"),
            ["Far.cs"] = """
                namespace Demo;
                public static class Far
                {
                    public static int Never(string s)
                    {
                        System.ReadOnlySpan<byte> bytes = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
                        var longs = new long[] { 1, 1, 2, 3, 5, 8, 13, 21, 34, 55 };
                        return s switch { "a" => 1, "b" => 2, "c" => 3, "d" => 4, "e" => 5, "f" => 6, "g" => 7, "h" => 8, _ => bytes[0] + (int)longs[9] };
                    }
                }
                """,
        };
        Assert.Equal(v1.ToList(), Files(Compile("v2", elsewhere)).ToList());

        var changed = new Dictionary<string, string>(Literals) { ["Tables.cs"] = Literals["Tables.cs"].Replace("3, 1, 4, 1, 5", "3, 1, 4, 1, 6") };
        var v3 = Files(Compile("v3", changed));
        var data = v1.Keys.Single(f => v1[f].Contains("<PrivateImplementationDetails>::", StringComparison.Ordinal));
        Assert.NotEqual(v1[data], v3[data]);
        Assert.Equal(v1["Root.cs"], v3["Root.cs"]);
    }

    [Fact]
    public void Compiler_generated_types_are_resolved_in_their_own_assembly_not_by_a_name_another_shares()
    {
        // A second assembly with a literal of the same size: its <PrivateImplementationDetails> and the nested
        // __StaticArrayInitTypeSize type have the very names of Demo's.
        var other = Compile("other", new() { ["Other.cs"] = "namespace Other; public static class Data { public static int[] Digits() => new[] { 2, 7, 1, 8, 2, 8, 1, 8, 2, 8, 4, 5, 9, 0, 4, 5 }; }" }, "Other");

        var files = Files(Compile("demo", Literals), other);

        Assert.Contains(files.Keys, f => f.Contains("(Demo: <PrivateImplementationDetails>)", StringComparison.Ordinal));
        Assert.DoesNotContain(files.Keys, f => f.Contains("Other", StringComparison.Ordinal));
    }

    /// <summary>Per file: its reached members as "name hash" lines.</summary>
    private static SortedDictionary<string, string> Files(params string[] assemblies)
    {
        using var graph = new CodeGraph(assemblies);
        return new(graph.Reach("Demo.Root", _ => false)
            .GroupBy(m => m.File)
            .ToDictionary(g => g.Key, g => string.Join("\n", g.Select(m => $"{m.Name} {m.Hash}").Order(StringComparer.Ordinal))), StringComparer.Ordinal);
    }

    private string Compile(string name, Dictionary<string, string> sources, string assembly = "Demo")
    {
        var folder = Path.Combine(_root, name);
        Directory.CreateDirectory(folder);
        foreach (var (file, text) in sources) File.WriteAllText(Path.Combine(folder, file), text);
        var dotnet = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));
        var csc = Directory.GetFiles(Path.Combine(dotnet, "sdk"), "csc.dll", SearchOption.AllDirectories).Where(f => f.Contains("bincore")).Max()!;
        var refs = Directory.GetDirectories(Path.Combine(dotnet, "packs", "Microsoft.NETCore.App.Ref")).Max()!;
        var output = Path.Combine(folder, $"{assembly}.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { csc, "-nologo", "-target:library", "-debug:portable", "-deterministic", "-optimize+", $"-out:{output}" }
                     .Concat(Directory.GetFiles(Path.Combine(refs, "ref", "net10.0"), "*.dll").Select(r => $"-reference:{r}"))
                     .Concat(sources.Keys.Select(f => Path.Combine(folder, f))))
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var log = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, log);
        return output;
    }
}
