using System.Collections.Generic;
using System.Linq;

namespace GoToolchain.Build.Bindings;

/// <summary>A C type as written in the header: a base name (canonical for C's own types), struct or not, and pointer depth.</summary>
public sealed class CType
{
    public CType(string name, int pointerDepth = 0, bool isStruct = false, bool isConst = false)
    {
        Name = name;
        PointerDepth = pointerDepth;
        IsStruct = isStruct;
        IsConst = isConst;
    }

    /// <summary>"int", "unsigned long", "GoInt", "point", "DivMod_return" (with IsStruct).</summary>
    public string Name { get; }
    public int PointerDepth { get; }
    public bool IsStruct { get; }
    public bool IsConst { get; }

    public CType Pointee() => new(Name, PointerDepth - 1, IsStruct, IsConst);

    public override string ToString() => (IsConst ? "const " : "") + (IsStruct ? "struct " : "") + Name + new string('*', PointerDepth);
}

public sealed class CField
{
    public CField(CType type, string name, int arrayLength = 0, string? comment = null)
    {
        Type = type;
        Name = name;
        ArrayLength = arrayLength;
        Comment = comment;
    }

    public CType Type { get; }
    public string Name { get; }
    /// <summary>0 for a scalar; N for <c>T name[N]</c>.</summary>
    public int ArrayLength { get; }
    /// <summary>For *_return structs, cgo writes the Go result name as a comment: <c>GoInt r0; /* q */</c>.</summary>
    public string? Comment { get; }
}

/// <summary>A struct from the cgo preamble, or a <c>Name_return</c> struct cgo writes for multiple results.</summary>
public sealed class CStruct
{
    public CStruct(string name, IReadOnlyList<CField> fields, bool isReturnStruct)
    {
        Name = name;
        Fields = fields;
        IsReturnStruct = isReturnStruct;
    }

    public string Name { get; }
    public IReadOnlyList<CField> Fields { get; }
    public bool IsReturnStruct { get; }
}

/// <summary><c>typedef R (*Name)(P1, P2);</c> from the preamble.</summary>
public sealed class CFunctionPointer
{
    public CFunctionPointer(string name, CType returnType, IReadOnlyList<CType> parameters)
    {
        Name = name;
        ReturnType = returnType;
        Parameters = parameters;
    }

    public string Name { get; }
    public CType ReturnType { get; }
    public IReadOnlyList<CType> Parameters { get; }
}

public sealed class CParameter
{
    public CParameter(CType type, string name)
    {
        Type = type;
        Name = name;
    }

    public CType Type { get; }
    public string Name { get; }
}

/// <summary>One <c>extern R Name(params);</c> line: an //export of the Go package, with the doc comment cgo copied above it.</summary>
public sealed class CExport
{
    public CExport(string name, CType returnType, IReadOnlyList<CParameter> parameters, IReadOnlyList<string> doc)
    {
        Name = name;
        ReturnType = returnType;
        Parameters = parameters;
        Doc = doc;
    }

    public string Name { get; }
    public CType ReturnType { get; }
    public IReadOnlyList<CParameter> Parameters { get; }
    /// <summary>The Go doc comment lines, without the leading "//" (cgo writes them into the header verbatim).</summary>
    public IReadOnlyList<string> Doc { get; }
}

/// <summary>What the header of a c-shared build says: the exports and the C types of the preamble they use.</summary>
public sealed class CgoHeader
{
    public List<CExport> Exports { get; } = new();
    public Dictionary<string, CStruct> Structs { get; } = new();
    public Dictionary<string, CFunctionPointer> FunctionPointers { get; } = new();
    /// <summary>typedef name → the type it names (<c>typedef int32_t myint;</c>, <c>typedef struct tag name;</c>).</summary>
    public Dictionary<string, CType> Aliases { get; } = new();
    /// <summary>typedef'ed enums: int-sized in every C ABI the package builds for.</summary>
    public HashSet<string> Enums { get; } = new();

    public CExport? Find(string name) => Exports.FirstOrDefault(e => e.Name == name);
}
