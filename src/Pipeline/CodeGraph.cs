using System.IO.Hashing;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Text;

namespace WeightSpace.Pipeline;

/// <summary>
/// The call graph of our own assemblies, read from their IL. From a root type it reaches every
/// method the type can execute: tokens of call, callvirt, newobj, ldftn, ldfld, ldsfld, ldtoken and
/// the rest; the static constructor, every virtual method (override or interface implementation)
/// and the property accessors of every type reached (the runtime, packages and reflection-based
/// serializers call those); the types in every signature and generic argument; lambdas, closures and
/// state machines through the nested types their IL names. A virtual call can only land in a type
/// whose instance exists, and creating one (newobj, a generic argument, a signature) reaches the
/// type and so all its overrides: rapid type analysis, coarsened to every virtual of a reached type.
/// Each member's hash covers its IL with every token replaced by the name it stands for, so a
/// comment or a change to a method the stage never reaches changes nothing.
/// The compiler's &lt;PrivateImplementationDetails&gt; class, which holds the data of every array and
/// span literal in the assembly and helpers such as ComputeStringHash, is hashed member by member: a
/// method depends on the data fields it loads (their bytes) and the helpers it calls, not on the class
/// as a whole, so a literal added anywhere else re-runs nothing.
/// Package code is not walked: the package versions (in the project files) cover it.
/// </summary>
public sealed class CodeGraph : IDisposable
{
    private readonly List<OpenAssembly> _assemblies;
    private readonly Dictionary<string, TypeId> _types = new(StringComparer.Ordinal);
    private readonly string _root;

    private readonly record struct TypeId(int Assembly, TypeDefinitionHandle Handle);
    private readonly record struct MethodId(int Assembly, MethodDefinitionHandle Handle);
    private readonly record struct FieldId(int Assembly, FieldDefinitionHandle Handle);

    public CodeGraph(IEnumerable<string> assemblyPaths)
    {
        _assemblies = assemblyPaths.Select(p => new OpenAssembly(p)).ToList();
        for (var a = 0; a < _assemblies.Count; a++)
        {
            var md = _assemblies[a].Md;
            foreach (var t in md.TypeDefinitions)
            {
                _types[TypeNames.FullName(md, t)] = new TypeId(a, t);
            }
        }
        _root = CommonFolder(_assemblies.SelectMany(a => a.Documents));
    }

    /// <summary>Every member reachable from <paramref name="rootType"/> (full name, nested types with '/'),
    /// starting from all its methods and those of its base types; methods <paramref name="skip"/> names are never reached.</summary>
    public IReadOnlyList<CodeMember> Reach(string rootType, Func<string, bool> skip)
    {
        if (!_types.TryGetValue(rootType, out var root))
            throw new InvalidOperationException($"type {rootType} is not in the assemblies walked ({string.Join(", ", _assemblies.Select(a => a.Name))})");
        var walk = new Walk(this, skip);
        // The runner calls the stage through IStage, so a method inherited from our base class is a root too.
        for (TypeId? t = root; t is { } type; t = OurType(type.Assembly, _assemblies[type.Assembly].Md.GetTypeDefinition(type.Handle).BaseType))
        {
            var md = _assemblies[type.Assembly].Md;
            foreach (var m in md.GetTypeDefinition(type.Handle).GetMethods())
                walk.Method(new MethodId(type.Assembly, m));
            walk.Type(type);
        }
        return walk.Run();
    }

    public void Dispose()
    {
        foreach (var a in _assemblies) a.Dispose();
    }

    /// <summary>One traversal: a work list of methods and types, each hashed once.</summary>
    private sealed class Walk(CodeGraph graph, Func<string, bool> skip)
    {
        private readonly HashSet<MethodId> _methods = [];
        private readonly HashSet<FieldId> _fields = [];
        private readonly HashSet<TypeId> _typesSeen = [];
        private readonly HashSet<TypeId> _instances = [];
        private readonly Queue<object> _work = new();
        private readonly List<CodeMember> _members = [];

        public void Method(MethodId m)
        {
            var md = graph._assemblies[m.Assembly].Md;
            if (skip(md.GetString(md.GetMethodDefinition(m.Handle).Name))) return;
            if (_methods.Add(m)) _work.Enqueue(m);
        }

        /// <summary>A type used: its definition and static constructor; <paramref name="instance"/>: an instance of it
        /// may exist, so the runtime, packages and serializers may call its virtual methods and property accessors.</summary>
        public void Type(TypeId t, bool instance = true)
        {
            if (_typesSeen.Add(t)) _work.Enqueue(t);
            if (instance && _instances.Add(t)) graph.InstanceMembers(t, this);
        }

        /// <summary>A field hashed on its own (a data field of &lt;PrivateImplementationDetails&gt;).</summary>
        public void Field(FieldId f)
        {
            if (_fields.Add(f)) _work.Enqueue(f);
        }

        public void TypeNamed(string name)
        {
            if (graph._types.TryGetValue(name, out var t)) Type(t);
        }

        public IReadOnlyList<CodeMember> Run()
        {
            while (_work.TryDequeue(out var item))
                _members.Add(item switch
                {
                    MethodId m => graph.HashMethod(m, this),
                    FieldId f => graph.HashField(f, this),
                    _ => graph.HashType((TypeId)item, this),
                });
            return _members;
        }
    }

    private CodeMember HashMethod(MethodId id, Walk walk)
    {
        var asm = _assemblies[id.Assembly];
        var md = asm.Md;
        var def = md.GetMethodDefinition(id.Handle);
        var names = Names(id.Assembly, walk);
        var name = MethodName(id, names);
        walk.Type(new TypeId(id.Assembly, def.GetDeclaringType()), instance: (def.Attributes & MethodAttributes.Static) == 0);

        var text = new StringBuilder(name).Append('|').Append((int)def.Attributes).Append('|').Append((int)def.ImplAttributes);
        if (asm.Body(id.Handle) is { } body)
        {
            if (!body.LocalSignature.IsNil)
                text.Append("|locals ").Append(string.Join(",", md.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(names, null)));
            foreach (var region in body.ExceptionRegions)
                text.Append($"|try {region.Kind} {region.TryOffset}+{region.TryLength} {region.HandlerOffset}+{region.HandlerLength} {region.FilterOffset} ")
                    .Append(region.CatchType.IsNil ? "" : TokenName(id.Assembly, region.CatchType, walk));
            text.Append("|il");
            IlOperands.Walk(body.GetILReader(),
                value => text.Append(' ').Append(value),
                token => text.Append(" [").Append(OperandName(id.Assembly, token, walk)).Append(']'));
        }
        var file = asm.DocumentsOf(id.Handle).FirstOrDefault() ?? TypeFile(new TypeId(id.Assembly, def.GetDeclaringType()));
        return new CodeMember(Relative(file), name, Hash(text));
    }

    private CodeMember HashType(TypeId id, Walk walk)
    {
        var md = _assemblies[id.Assembly].Md;
        var type = md.GetTypeDefinition(id.Handle);
        var names = Names(id.Assembly, walk);
        var text = new StringBuilder(TypeNames.FullName(md, id.Handle)).Append('|').Append((int)type.Attributes);
        if (!type.BaseType.IsNil) text.Append("|base ").Append(TokenName(id.Assembly, type.BaseType, walk));
        foreach (var i in type.GetInterfaceImplementations())
            text.Append("|implements ").Append(TokenName(id.Assembly, md.GetInterfaceImplementation(i).Interface, walk));
        var layout = type.GetLayout();
        text.Append($"|layout {layout.PackingSize} {layout.Size}");
        Attributes(text, md, type.GetCustomAttributes(), id.Assembly, walk);
        var isEnum = text.ToString().Contains("|base System.Enum", StringComparison.Ordinal);
        // <PrivateImplementationDetails>' fields are hashed one by one where they are used (HashField).
        var fieldsHashedWhereUsed = IsPrivateImplementationDetails(id);
        foreach (var f in type.GetFields())
        {
            if (fieldsHashedWhereUsed) break;
            var field = md.GetFieldDefinition(f);
            // A constant is copied into the IL of every use (hashed there); only an enum's members are read by name at run time.
            if ((field.Attributes & FieldAttributes.Literal) != 0 && !isEnum) continue;
            text.Append($"|field {md.GetString(field.Name)} {field.DecodeSignature(names, null)} {(int)field.Attributes}");
            if (!field.GetDefaultValue().IsNil) text.Append(" = ").Append(Convert.ToHexString(md.GetBlobBytes(md.GetConstant(field.GetDefaultValue()).Value)));
            Attributes(text, md, field.GetCustomAttributes(), id.Assembly, walk);
        }
        foreach (var p in type.GetProperties())
        {
            var property = md.GetPropertyDefinition(p);
            text.Append($"|property {md.GetString(property.Name)}");
            Attributes(text, md, property.GetCustomAttributes(), id.Assembly, walk);
        }
        foreach (var m in type.GetMethods())
            if (md.GetString(md.GetMethodDefinition(m).Name) == ".cctor") walk.Method(new MethodId(id.Assembly, m));
        if (OurType(id.Assembly, type.BaseType) is { } baseType) walk.Type(baseType, instance: false);
        return new CodeMember(Relative(TypeFile(id)), TypeNames.FullName(md, id.Handle), Hash(text));
    }

    /// <summary>
    /// A data field of &lt;PrivateImplementationDetails&gt; (an array or span literal's bytes, loaded by
    /// ldtoken/ldsflda): its name, type and attributes, and the bytes at its RVA. The name is the
    /// SHA-256 of the data in today's compiler, but the bytes are hashed rather than trusted to it.
    /// </summary>
    private CodeMember HashField(FieldId id, Walk walk)
    {
        var asm = _assemblies[id.Assembly];
        var md = asm.Md;
        var field = md.GetFieldDefinition(id.Handle);
        var owner = new TypeId(id.Assembly, field.GetDeclaringType());
        var name = $"{TypeNames.FullName(md, owner.Handle)}::{md.GetString(field.Name)}";
        var text = new StringBuilder(name).Append($"|{field.DecodeSignature(Names(id.Assembly, walk), null)} {(int)field.Attributes}");
        if (!field.GetDefaultValue().IsNil) text.Append(" = ").Append(Convert.ToHexString(md.GetBlobBytes(md.GetConstant(field.GetDefaultValue()).Value)));
        Attributes(text, md, field.GetCustomAttributes(), id.Assembly, walk);
        if ((field.Attributes & FieldAttributes.HasFieldRVA) != 0)
            text.Append("|data ").Append(Convert.ToHexStringLower(XxHash128.Hash(asm.FieldData(field.GetRelativeVirtualAddress(), DataSize(md, field)))));
        return new CodeMember(Relative(TypeFile(owner)), name, Hash(text));
    }

    /// <summary>The byte size of an RVA field's data, from its type: a primitive, or a value type with an
    /// explicit size (the compiler's __StaticArrayInitTypeSize=N); null when neither.</summary>
    private static int? DataSize(MetadataReader md, FieldDefinition field)
    {
        var blob = md.GetBlobReader(field.Signature);
        if (blob.ReadSignatureHeader().Kind != SignatureKind.Field) return null;
        return blob.ReadSignatureTypeCode() switch
        {
            SignatureTypeCode.Boolean or SignatureTypeCode.SByte or SignatureTypeCode.Byte => 1,
            SignatureTypeCode.Char or SignatureTypeCode.Int16 or SignatureTypeCode.UInt16 => 2,
            SignatureTypeCode.Int32 or SignatureTypeCode.UInt32 or SignatureTypeCode.Single => 4,
            SignatureTypeCode.Int64 or SignatureTypeCode.UInt64 or SignatureTypeCode.Double => 8,
            SignatureTypeCode.TypeHandle when blob.ReadTypeHandle() is { Kind: HandleKind.TypeDefinition } type
                && md.GetTypeDefinition((TypeDefinitionHandle)type).GetLayout().Size is > 0 and var size => size,
            _ => null,
        };
    }

    /// <summary>The compiler's class for literal data and helpers: top level, named "&lt;PrivateImplementationDetails&gt;"
    /// (with a module id appended in some builds).</summary>
    private bool IsPrivateImplementationDetails(TypeId id)
    {
        var md = _assemblies[id.Assembly].Md;
        var type = md.GetTypeDefinition(id.Handle);
        return type.GetDeclaringType().IsNil && md.GetString(type.Namespace).Length == 0
            && md.GetString(type.Name).StartsWith("<PrivateImplementationDetails>", StringComparison.Ordinal);
    }

    /// <summary>What an instance's existence reaches: every virtual method (the runtime and packages call
    /// overrides such as forward, Dispose, Equals, MoveNext) and every property accessor (serializers call those).</summary>
    private void InstanceMembers(TypeId id, Walk walk)
    {
        var md = _assemblies[id.Assembly].Md;
        var type = md.GetTypeDefinition(id.Handle);
        foreach (var m in type.GetMethods())
            if ((md.GetMethodDefinition(m).Attributes & MethodAttributes.Virtual) != 0) walk.Method(new MethodId(id.Assembly, m));
        foreach (var p in type.GetProperties())
        {
            var accessors = md.GetPropertyDefinition(p).GetAccessors();
            foreach (var accessor in new[] { accessors.Getter, accessors.Setter }.Where(a => !a.IsNil))
                walk.Method(new MethodId(id.Assembly, accessor));
        }
        if (OurType(id.Assembly, type.BaseType) is { } baseType) walk.Type(baseType);
    }

    private bool IsStaticField(TypeId id, string name)
    {
        var md = _assemblies[id.Assembly].Md;
        return md.GetTypeDefinition(id.Handle).GetFields().Select(md.GetFieldDefinition)
            .Any(f => md.GetString(f.Name) == name && (f.Attributes & FieldAttributes.Static) != 0);
    }

    private void Attributes(StringBuilder text, MetadataReader md, CustomAttributeHandleCollection attributes, int assembly, Walk walk)
    {
        foreach (var a in attributes)
        {
            var attribute = md.GetCustomAttribute(a);
            text.Append("|attr ").Append(TokenName(assembly, attribute.Constructor, walk)).Append(' ').Append(Convert.ToHexString(md.GetBlobBytes(attribute.Value)));
        }
    }

    /// <summary>An IL token operand: a string literal's text, or what the token stands for.</summary>
    private string OperandName(int assembly, int token, Walk walk) =>
        (token >> 24) == 0x70
            ? "\"" + _assemblies[assembly].Md.GetUserString(MetadataTokens.UserStringHandle(token & 0xFFFFFF)) + "\""
            : TokenName(assembly, MetadataTokens.EntityHandle(token), walk);

    /// <summary>What a token stands for, by name; reaching it if it is ours.</summary>
    private string TokenName(int assembly, EntityHandle handle, Walk walk)
    {
        var md = _assemblies[assembly].Md;
        var names = Names(assembly, walk);
        switch (handle.Kind)
        {
            case HandleKind.MethodDefinition:
                var method = new MethodId(assembly, (MethodDefinitionHandle)handle);
                walk.Method(method);
                return MethodName(method, names);
            case HandleKind.MethodSpecification:
                var spec = md.GetMethodSpecification((MethodSpecificationHandle)handle);
                return $"{TokenName(assembly, spec.Method, walk)}<{string.Join(",", spec.DecodeSignature(names, null))}>";
            case HandleKind.FieldDefinition:
                var field = md.GetFieldDefinition((FieldDefinitionHandle)handle);
                var owner = new TypeId(assembly, field.GetDeclaringType());
                walk.Type(owner, instance: (field.Attributes & FieldAttributes.Static) == 0);
                if (IsPrivateImplementationDetails(owner)) walk.Field(new FieldId(assembly, (FieldDefinitionHandle)handle));
                return $"{TypeNames.FullName(md, field.GetDeclaringType())}::{md.GetString(field.Name)}";
            case HandleKind.MemberReference:
                return MemberName(assembly, (MemberReferenceHandle)handle, walk, names);
            case HandleKind.TypeDefinition:
                return names.GetTypeFromDefinition(md, (TypeDefinitionHandle)handle, 0);
            case HandleKind.TypeReference:
                return names.GetTypeFromReference(md, (TypeReferenceHandle)handle, 0);
            case HandleKind.TypeSpecification:
                return names.GetTypeFromSpecification(md, null, (TypeSpecificationHandle)handle, 0);
            case HandleKind.StandaloneSignature:
                return TypeNames.Of(md.GetStandaloneSignature((StandaloneSignatureHandle)handle).DecodeMethodSignature(names, null));
            default:
                return handle.Kind.ToString();
        }
    }

    private string MemberName(int assembly, MemberReferenceHandle handle, Walk walk, TypeNames names)
    {
        var md = _assemblies[assembly].Md;
        var member = md.GetMemberReference(handle);
        var parent = member.Parent.Kind == HandleKind.MethodDefinition ? "" : TokenName(assembly, member.Parent, walk);
        var name = md.GetString(member.Name);
        var owner = OurType(assembly, member.Parent);
        if (member.GetKind() == MemberReferenceKind.Field)
        {
            if (owner is { } t) walk.Type(t, instance: !IsStaticField(t, name));
            return $"{parent}::{name}:{member.DecodeFieldSignature(names, null)}";
        }
        var signature = TypeNames.Of(member.DecodeMethodSignature(names, null));
        if (owner is { } type) ReachMethod(type, name, signature, walk);
        return $"{parent}::{name}{signature}";
    }

    /// <summary>Reaches the method a reference names, looking up our base types; if no overload matches, every method of that name.</summary>
    private void ReachMethod(TypeId type, string name, string signature, Walk walk)
    {
        var candidates = new List<MethodId>();
        for (TypeId? t = type; t is { } current; t = OurType(current.Assembly, _assemblies[current.Assembly].Md.GetTypeDefinition(current.Handle).BaseType))
        {
            var md = _assemblies[current.Assembly].Md;
            foreach (var m in md.GetTypeDefinition(current.Handle).GetMethods())
            {
                if (md.GetString(md.GetMethodDefinition(m).Name) != name) continue;
                var id = new MethodId(current.Assembly, m);
                if (Signature(id) == signature)
                {
                    walk.Method(id);
                    return;
                }
                candidates.Add(id);
            }
        }
        foreach (var c in candidates) walk.Method(c);
    }

    /// <summary>The type definition a type token stands for, when it is one of ours (generic instantiations included).</summary>
    private TypeId? OurType(int assembly, EntityHandle handle)
    {
        if (handle.IsNil) return null; // e.g. the base type of an interface
        var md = _assemblies[assembly].Md;
        switch (handle.Kind)
        {
            case HandleKind.TypeDefinition:
                return new TypeId(assembly, (TypeDefinitionHandle)handle);
            case HandleKind.TypeReference:
                return _types.TryGetValue(TypeNames.FullName(md, (TypeReferenceHandle)handle), out var t) ? t : null;
            case HandleKind.TypeSpecification:
                var blob = md.GetBlobReader(md.GetTypeSpecification((TypeSpecificationHandle)handle).Signature);
                if (blob.ReadSignatureTypeCode() != SignatureTypeCode.GenericTypeInstance) return null;
                blob.ReadSignatureTypeCode(); // class or value type
                return OurType(assembly, blob.ReadTypeHandle());
            default:
                return null;
        }
    }

    /// <summary>Signature decoding for one assembly: its own types reached by handle, other assemblies' by name.</summary>
    private static TypeNames Names(int assembly, Walk walk) => new(walk.TypeNamed, handle => walk.Type(new TypeId(assembly, handle)));

    private string Signature(MethodId id) =>
        TypeNames.Of(_assemblies[id.Assembly].Md.GetMethodDefinition(id.Handle).DecodeSignature(new TypeNames(_ => { }), null));

    private string MethodName(MethodId id, TypeNames names)
    {
        var md = _assemblies[id.Assembly].Md;
        var def = md.GetMethodDefinition(id.Handle);
        return $"{TypeNames.FullName(md, def.GetDeclaringType())}::{md.GetString(def.Name)}{TypeNames.Of(def.DecodeSignature(names, null))}";
    }

    /// <summary>The file of a type: that of its first method with sequence points, else the PDB's type record, else its outer type's.</summary>
    private string TypeFile(TypeId id)
    {
        var asm = _assemblies[id.Assembly];
        var type = asm.Md.GetTypeDefinition(id.Handle);
        var file = type.GetMethods().SelectMany(asm.DocumentsOf).FirstOrDefault() ?? asm.DocumentsOf(id.Handle).FirstOrDefault();
        if (file is not null) return file;
        var outer = type.GetDeclaringType();
        return outer.IsNil ? $"({asm.Name}: {TypeNames.FullName(asm.Md, id.Handle)})" : TypeFile(new TypeId(id.Assembly, outer));
    }

    private string Relative(string file) =>
        file.StartsWith(_root, StringComparison.Ordinal) ? file[_root.Length..].Replace('\\', '/') : file;

    /// <summary>The deepest folder holding every source document: the repository root the assemblies were built from.</summary>
    private static string CommonFolder(IEnumerable<string> files)
    {
        string? common = null;
        foreach (var f in files.Where(Path.IsPathRooted))
        {
            var folder = Path.GetDirectoryName(f)! + Path.DirectorySeparatorChar;
            if (common is null) common = folder;
            while (!folder.StartsWith(common, StringComparison.Ordinal))
                common = Path.GetDirectoryName(common.TrimEnd(Path.DirectorySeparatorChar)) is { } up ? up.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar : "";
        }
        return common ?? "";
    }

    private static string Hash(StringBuilder text) => Convert.ToHexStringLower(XxHash128.Hash(Encoding.UTF8.GetBytes(text.ToString())));
}
