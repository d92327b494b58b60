using System.Reflection;
using System.Reflection.Emit;

namespace WeightSpace.Tests.Layering;

/// <summary>
/// Which namespaces of one assembly use which, read from the compiled code: base types, interfaces,
/// fields, method signatures, locals and every type, method and field a method body names (so a
/// dependency hidden in a lambda or an iterator counts, where a source <c>using</c> scan would miss
/// a fully qualified name and report an unused <c>using</c>). Nested and compiler-generated types
/// count for the namespace they are declared in.
/// </summary>
internal static class NamespaceGraph
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance
                                          | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<short, OperandType> Operands = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value, o => o.OperandType);

    /// <summary>Edges between namespaces of <paramref name="assembly"/> that start with
    /// <paramref name="prefix"/>; a namespace's edge to itself is left out.</summary>
    public static IReadOnlyDictionary<string, SortedSet<string>> Of(Assembly assembly, string prefix)
    {
        bool Inside(string? ns) => ns is not null && (ns == prefix || ns.StartsWith(prefix + ".", StringComparison.Ordinal));
        var graph = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var type in assembly.GetTypes())
        {
            var from = type.Namespace;
            if (!Inside(from)) continue;
            if (!graph.TryGetValue(from!, out var edges)) graph[from!] = edges = new(StringComparer.Ordinal);
            foreach (var used in UsedTypes(type))
                foreach (var ns in Namespaces(used))
                    if (Inside(ns) && ns != from) edges.Add(ns!);
        }
        return graph;
    }

    /// <summary>The namespaces on one cycle of <paramref name="graph"/> (first namespace repeated at
    /// the end), or null if it has none.</summary>
    public static IReadOnlyList<string>? FindCycle(IReadOnlyDictionary<string, SortedSet<string>> graph)
    {
        var state = new Dictionary<string, int>(); // 1: on the current path, 2: done
        var path = new List<string>();
        List<string>? Visit(string node)
        {
            state[node] = 1;
            path.Add(node);
            foreach (var next in graph.TryGetValue(node, out var edges) ? edges : [])
            {
                if (state.GetValueOrDefault(next) == 1) return [.. path.Skip(path.IndexOf(next)), next];
                if (state.GetValueOrDefault(next) == 0 && Visit(next) is { } found) return found;
            }
            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }
        foreach (var node in graph.Keys)
            if (state.GetValueOrDefault(node) == 0 && Visit(node) is { } cycle)
                return cycle;
        return null;
    }

    private static IEnumerable<Type> UsedTypes(Type type)
    {
        if (type.BaseType is { } baseType) yield return baseType;
        foreach (var contract in type.GetInterfaces()) yield return contract;
        foreach (var field in type.GetFields(Declared)) yield return field.FieldType;
        foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            if (method is MethodInfo info) yield return info.ReturnType;
            foreach (var parameter in method.GetParameters()) yield return parameter.ParameterType;
            var body = method.GetMethodBody();
            if (body is null) continue;
            foreach (var local in body.LocalVariables) yield return local.LocalType;
            foreach (var used in BodyTypes(method, body.GetILAsByteArray() ?? [])) yield return used;
        }
    }

    private static IEnumerable<Type> BodyTypes(MethodBase method, byte[] il)
    {
        var typeArgs = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var at = 0;
        while (at < il.Length)
        {
            int code = il[at++];
            if (code == 0xFE) code = unchecked((short)(0xFE00 | il[at++]));
            switch (Operands[unchecked((short)code)])
            {
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    at += 1;
                    break;
                case OperandType.InlineVar:
                    at += 2;
                    break;
                case OperandType.InlineBrTarget or OperandType.InlineI or OperandType.ShortInlineR
                    or OperandType.InlineString or OperandType.InlineSig:
                    at += 4;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    at += 8;
                    break;
                case OperandType.InlineSwitch:
                    at += 4 + 4 * BitConverter.ToInt32(il, at);
                    break;
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType:
                    var member = method.Module.ResolveMember(BitConverter.ToInt32(il, at), typeArgs, methodArgs);
                    at += 4;
                    switch (member)
                    {
                        case Type t:
                            yield return t;
                            break;
                        case FieldInfo f:
                            yield return f.DeclaringType!;
                            yield return f.FieldType;
                            break;
                        case MethodBase m:
                            yield return m.DeclaringType!;
                            if (m is MethodInfo { IsGenericMethod: true } g)
                                foreach (var arg in g.GetGenericArguments()) yield return arg;
                            break;
                    }
                    break;
                default:
                    throw new BadImageFormatException($"unhandled IL operand type in {method.DeclaringType}.{method.Name}");
            }
        }
    }

    /// <summary>A type's namespace and those of its element and generic argument types.</summary>
    private static IEnumerable<string?> Namespaces(Type type)
    {
        if (type.HasElementType) return Namespaces(type.GetElementType()!);
        if (type.IsGenericParameter) return [];
        var own = (type.IsGenericType ? type.GetGenericTypeDefinition() : type).Namespace;
        return type.IsGenericType && !type.IsGenericTypeDefinition
            ? type.GetGenericArguments().SelectMany(Namespaces).Prepend(own)
            : [own];
    }
}
