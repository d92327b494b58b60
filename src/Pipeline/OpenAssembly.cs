using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace WeightSpace.Pipeline;

/// <summary>
/// One of our compiled assemblies opened for reading: its metadata and IL, and its portable PDB,
/// which maps each method to the source file(s) its sequence points lie in.
/// </summary>
internal sealed class OpenAssembly : IDisposable
{
    // Roslyn's "TypeDefinitionDocuments" custom debug information: the files of a type that has no method bodies.
    private static readonly Guid TypeDocumentsKind = new("932E74BC-DBA9-4478-8D46-0F32A7BAB3D3");

    private readonly PEReader _pe;
    private readonly MetadataReaderProvider? _pdbProvider;
    private readonly MetadataReader? _pdb;

    public OpenAssembly(string path)
    {
        _pe = new PEReader(File.OpenRead(path));
        Md = _pe.GetMetadataReader();
        var pdbPath = Path.ChangeExtension(path, ".pdb");
        if (File.Exists(pdbPath))
        {
            _pdbProvider = MetadataReaderProvider.FromPortablePdbStream(File.OpenRead(pdbPath));
            _pdb = _pdbProvider.GetMetadataReader();
        }
        Name = Md.GetString(Md.GetAssemblyDefinition().Name);
    }

    public string Name { get; }
    public MetadataReader Md { get; }

    /// <summary>Absolute source paths of every document the PDB knows.</summary>
    public IEnumerable<string> Documents => _pdb is null ? [] : _pdb.Documents.Select(d => _pdb.GetString(_pdb.GetDocument(d).Name));

    public MethodBodyBlock? Body(MethodDefinitionHandle method)
    {
        var rva = Md.GetMethodDefinition(method).RelativeVirtualAddress;
        return rva == 0 ? null : _pe.GetMethodBody(rva);
    }

    /// <summary>The bytes of a field's data at <paramref name="rva"/>: <paramref name="size"/> of them, or when the
    /// size is unknown everything to the end of its section (more than the field, never less).</summary>
    public byte[] FieldData(int rva, int? size)
    {
        var block = _pe.GetSectionData(rva);
        return block.GetContent(0, Math.Min(size ?? block.Length, block.Length)).ToArray();
    }

    /// <summary>The source files of a method's sequence points (none for synthesized methods).</summary>
    public IEnumerable<string> DocumentsOf(MethodDefinitionHandle method)
    {
        if (_pdb is null) yield break;
        var info = _pdb.GetMethodDebugInformation(method.ToDebugInformationHandle());
        if (!info.Document.IsNil)
        {
            yield return DocumentName(info.Document);
            yield break;
        }
        if (info.SequencePointsBlob.IsNil) yield break;
        foreach (var document in info.GetSequencePoints().Select(p => p.Document).Where(d => !d.IsNil).Distinct())
            yield return DocumentName(document);
    }

    /// <summary>The files Roslyn records for a type without method bodies (e.g. an interface or a plain record).</summary>
    public IEnumerable<string> DocumentsOf(TypeDefinitionHandle type)
    {
        if (_pdb is null) yield break;
        foreach (var handle in _pdb.GetCustomDebugInformation(type))
        {
            var info = _pdb.GetCustomDebugInformation(handle);
            if (_pdb.GetGuid(info.Kind) != TypeDocumentsKind) continue;
            var blob = _pdb.GetBlobReader(info.Value);
            while (blob.RemainingBytes > 0)
                yield return DocumentName(MetadataTokens.DocumentHandle(blob.ReadCompressedInteger()));
        }
    }

    private string DocumentName(DocumentHandle document) => _pdb!.GetString(_pdb.GetDocument(document).Name);

    public void Dispose()
    {
        _pdbProvider?.Dispose();
        _pe.Dispose();
    }
}
