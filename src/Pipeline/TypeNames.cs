using System.Collections.Immutable;
using System.Reflection.Metadata;

namespace WeightSpace.Pipeline;

/// <summary>
/// Decodes metadata signatures to type names that are the same whichever assembly spells them
/// ("Some.Namespace.SomeType", "Outer/Inner", "!0" for a type's generic parameter), so a
/// reference from one assembly matches the definition in another. Every named type seen is
/// reported, which is how the code graph reaches the types in signatures and generic arguments.
/// A type defined in the assembly being read goes to <paramref name="seenDefinition"/> when given, by
/// handle: compiler-generated types share names across assemblies ("&lt;PrivateImplementationDetails&gt;",
/// "&lt;&gt;z__ReadOnlyArray`1"), so a name alone could name another assembly's type.
/// </summary>
internal sealed class TypeNames(Action<string> seen, Action<TypeDefinitionHandle>? seenDefinition = null) : ISignatureTypeProvider<string, object?>
{
    public static string FullName(MetadataReader md, TypeDefinitionHandle handle)
    {
        var type = md.GetTypeDefinition(handle);
        var name = md.GetString(type.Name);
        var outer = type.GetDeclaringType();
        if (!outer.IsNil) return $"{FullName(md, outer)}/{name}";
        var ns = md.GetString(type.Namespace);
        return ns.Length == 0 ? name : $"{ns}.{name}";
    }

    public static string FullName(MetadataReader md, TypeReferenceHandle handle)
    {
        var type = md.GetTypeReference(handle);
        var name = md.GetString(type.Name);
        if (type.ResolutionScope.Kind == HandleKind.TypeReference)
            return $"{FullName(md, (TypeReferenceHandle)type.ResolutionScope)}/{name}";
        var ns = md.GetString(type.Namespace);
        return ns.Length == 0 ? name : $"{ns}.{name}";
    }

    public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
    {
        if (seenDefinition is null) return Seen(FullName(reader, handle));
        seenDefinition(handle);
        return FullName(reader, handle);
    }
    public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => Seen(FullName(reader, handle));
    public string GetTypeFromSpecification(MetadataReader reader, object? context, TypeSpecificationHandle handle, byte rawTypeKind) =>
        reader.GetTypeSpecification(handle).DecodeSignature(this, context);

    public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();
    public string GetSZArrayType(string elementType) => elementType + "[]";
    public string GetArrayType(string elementType, ArrayShape shape) => $"{elementType}[{new string(',', shape.Rank - 1)}]";
    public string GetByReferenceType(string elementType) => elementType + "&";
    public string GetPointerType(string elementType) => elementType + "*";
    public string GetPinnedType(string elementType) => elementType + " pinned";
    public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => $"{unmodifiedType} mod({modifier})";
    public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => $"{genericType}<{string.Join(",", typeArguments)}>";
    public string GetGenericTypeParameter(object? context, int index) => $"!{index}";
    public string GetGenericMethodParameter(object? context, int index) => $"!!{index}";
    public string GetFunctionPointerType(MethodSignature<string> signature) => $"fnptr {Of(signature)}";

    /// <summary>"ReturnType(Param1,Param2)`arity": what tells overloads apart.</summary>
    public static string Of(MethodSignature<string> signature) =>
        $"{signature.ReturnType}({string.Join(",", signature.ParameterTypes)}){(signature.GenericParameterCount > 0 ? $"`{signature.GenericParameterCount}" : "")}";

    private string Seen(string name)
    {
        seen(name);
        return name;
    }
}
