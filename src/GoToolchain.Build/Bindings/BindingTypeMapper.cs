using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace GoToolchain.Build.Bindings;

/// <summary>How a value crosses between the public C# wrapper and the blittable entry point.</summary>
public enum BindingKind
{
    /// <summary>Same type on both sides (integers, floats, C structs by value, function pointers).</summary>
    Direct,
    /// <summary>_Bool or Go bool: a 1-byte value natively, bool in the wrapper.</summary>
    Bool,
    /// <summary>*C.char parameter: the wrapper takes a string and passes a NUL-terminated UTF-8 copy, pinned for the call.</summary>
    Utf8In,
    /// <summary>*C.char result: a string freed with the module's own free function, or the raw pointer when it has none.</summary>
    Utf8Out,
    /// <summary>GoString parameter: the wrapper takes a string (and a ReadOnlySpan&lt;byte&gt;) and pins it for the call.</summary>
    GoStringIn,
    /// <summary>A Go slice of a primitive element: the wrapper takes a Span&lt;T&gt; and pins it for the call.</summary>
    SliceIn,
    /// <summary>A pointer to a struct or number parameter: the wrapper takes <c>ref T</c> and pins it for the call.</summary>
    RefIn,
    /// <summary>void*, unsafe.Pointer and deeper pointers: nint in the wrapper.</summary>
    Address,
    /// <summary>Cannot cross the boundary safely; the export is left out with GOTB600, or GOTB605 for an unknown C type.</summary>
    Unsupported,
}

public sealed class BindingType
{
    private BindingType(BindingKind kind, string native, string publicType, string? element = null, string? problem = null, bool unknown = false)
    {
        Kind = kind;
        Native = native;
        Public = publicType;
        Element = element;
        Problem = problem;
        IsUnknown = unknown;
    }

    public BindingKind Kind { get; }
    /// <summary>The blittable C# type in the [LibraryImport]/[DllImport] signature.</summary>
    public string Native { get; }
    /// <summary>The C# type of the public wrapper.</summary>
    public string Public { get; }
    /// <summary>SliceIn/RefIn: the element or pointee C# type.</summary>
    public string? Element { get; }
    /// <summary>Unsupported: why, and what to do instead (the diagnostic's text).</summary>
    public string? Problem { get; }
    /// <summary>Unsupported because the type is unknown to the generator (GOTB605), not because it is unsafe (GOTB600).</summary>
    public bool IsUnknown { get; }

    public static BindingType Same(string type) => new(BindingKind.Direct, type, type);
    public static BindingType Of(BindingKind kind, string native, string publicType, string? element = null) => new(kind, native, publicType,
        element);
    public static BindingType Unsafe(string problem) => new(BindingKind.Unsupported, "", "", problem: problem);
    public static BindingType Unknown(string problem) => new(BindingKind.Unsupported, "", "", problem: problem, unknown: true);
}

/// <summary>
/// Maps the C types of a cgo header to C# types that are exact on every target the package builds (64-bit and
/// 32-bit, Windows and Unix): GoInt is nint, C long is CLong, _Bool is one byte. Structs of the preamble and the
/// *_return structs are collected so the writer emits exactly those used.
/// </summary>
public sealed class BindingTypeMapper
{
    private static readonly Dictionary<string, string> Primitives = new(StringComparer.Ordinal)
    {
        ["GoInt8"] = "sbyte", ["int8_t"] = "sbyte", ["signed char"] = "sbyte", ["char"] = "byte",
        ["GoUint8"] = "byte", ["uint8_t"] = "byte", ["unsigned char"] = "byte",
        ["GoInt16"] = "short", ["int16_t"] = "short", ["short"] = "short",
        ["GoUint16"] = "ushort", ["uint16_t"] = "ushort", ["unsigned short"] = "ushort",
        ["GoInt32"] = "int", ["int32_t"] = "int", ["int"] = "int",
        ["GoUint32"] = "uint", ["uint32_t"] = "uint", ["unsigned int"] = "uint",
        ["GoInt64"] = "long", ["int64_t"] = "long", ["long long"] = "long",
        ["GoUint64"] = "ulong", ["uint64_t"] = "ulong", ["unsigned long long"] = "ulong",
        ["GoInt"] = "nint", ["intptr_t"] = "nint", ["ptrdiff_t"] = "nint", ["ssize_t"] = "nint",
        ["GoUint"] = "nuint", ["GoUintptr"] = "nuint", ["uintptr_t"] = "nuint", ["size_t"] = "nuint",
        ["long"] = "CLong", ["unsigned long"] = "CULong",
        ["float"] = "float", ["GoFloat32"] = "float",
        ["double"] = "double", ["GoFloat64"] = "double",
    };

    /// <summary>Go's own element types of a slice, for Span&lt;T&gt;.</summary>
    private static readonly Dictionary<string, string> GoElements = new(StringComparer.Ordinal)
    {
        ["byte"] = "byte", ["uint8"] = "byte", ["int8"] = "sbyte", ["int16"] = "short", ["uint16"] = "ushort",
        ["int32"] = "int", ["rune"] = "int", ["uint32"] = "uint", ["int64"] = "long", ["uint64"] = "ulong",
        ["int"] = "nint", ["uint"] = "nuint", ["uintptr"] = "nuint", ["float32"] = "float", ["float64"] = "double",
        ["C.char"] = "byte", ["C.uchar"] = "byte", ["C.schar"] = "sbyte", ["C.short"] = "short", ["C.ushort"] = "ushort",
        ["C.int"] = "int", ["C.uint"] = "uint", ["C.longlong"] = "long", ["C.ulonglong"] = "ulong",
        ["C.float"] = "float", ["C.double"] = "double",
    };

    private readonly CgoHeader _header;

    public BindingTypeMapper(CgoHeader header) => _header = header;

    /// <summary>Structs the mapped signatures use, in first-use order; the writer emits these.</summary>
    public List<CStruct> UsedStructs { get; } = new();

    public BindingType MapParameter(CType type, string? goType) => Map(type, goType, isResult: false);

    public BindingType MapResult(CType type, string? goType) => Map(type, goType, isResult: true);

    private BindingType Map(CType type, string? goType, bool isResult)
    {
        type = Resolve(type);
        if (type.PointerDepth == 0) return MapValue(type, goType, isResult);
        var pointee = type.Pointee();
        if (type.PointerDepth == 1 && pointee.Name is "char" or "signed char" or "unsigned char" && !pointee.IsStruct)
        {
            return isResult ? BindingType.Of(BindingKind.Utf8Out, "byte*", "string?") : BindingType.Of(BindingKind.Utf8In, "byte*", "string?");
        }
        if (type.PointerDepth > 1 || pointee.Name == "void") return BindingType.Of(BindingKind.Address, "void*", "nint");
        if (IsGoType(pointee.Name))
        {
            if (isResult)
            {
                return BindingType.Unsafe($"it returns a Go pointer (*{GoName(pointee.Name)}): the cgo pointer rules forbid handing Go memory to " +
                    $"C (cgocheck panics with \"cgo result has Go pointer\", and the garbage collector may move or free it). Fix: return the " +
                    $"value itself, or memory from C.malloc together with an exported free function, or a cgo.Handle as uintptr");
            }
            if (pointee.Name is "GoString" or "GoSlice" or "GoInterface" or "GoMap" or "GoChan" || pointee.Name.StartsWith("GoComplex",
                StringComparison.Ordinal))
            {
                return BindingType.Unsafe($"it takes a pointer to a Go {GoName(pointee.Name)}, which C# cannot build safely. Fix: take C types " +
                    $"(*C.char, a C struct, unsafe.Pointer and a length) instead");
            }
        }
        var element = MapValue(pointee, null, isResult);
        if (element.Kind == BindingKind.Unsupported) return element;
        var native = element.Native + "*";
        return isResult ? BindingType.Same(native) : BindingType.Of(BindingKind.RefIn, native, "ref " + element.Native, element.Native);
    }

    private BindingType MapValue(CType type, string? goType, bool isResult)
    {
        var name = type.Name;
        if (!type.IsStruct)
        {
            if (name == "void") return BindingType.Same("void");
            if (name == "_Bool" || (name == "GoUint8" && goType == "bool")) return BindingType.Of(BindingKind.Bool, "byte", "bool");
            if (Primitives.TryGetValue(name, out var primitive)) return BindingType.Same(primitive);
            if (_header.Enums.Contains(name)) return BindingType.Same("int");
            switch (name)
            {
                case "GoString":
                    return isResult
                        ? BindingType.Unsafe("it returns a Go string, whose bytes are Go memory the C side must not keep (cgocheck panics with " +
                            "\"cgo result has Go pointer\"). Fix: return *C.char from C.CString and export a free function (see docs/bindings.md)")
                        : BindingType.Of(BindingKind.GoStringIn, "GoString", "string?");
                case "GoSlice":
                    if (isResult) return BindingType.Unsafe("it returns a Go slice, whose array is Go memory the C side must not keep. Fix: copy " +
                        "into C.malloc'ed memory and return a pointer and a length, with an exported free function");
                    var element = goType is not null && goType.StartsWith("[]", StringComparison.Ordinal)
                        && GoElements.TryGetValue(goType.Substring(2), out var e) ? e : null;
                    return element is null ? BindingType.Same("GoSlice") : BindingType.Of(BindingKind.SliceIn, "GoSlice", $"Span<{element}>",
                        element);
                case "GoInterface":
                    return BindingType.Unsafe("a Go interface (GoInterface) holds a type descriptor and a pointer into the Go heap that C# can " +
                        "neither build nor keep. Fix: pass a C type, unsafe.Pointer, or a cgo.Handle (as uintptr) to the Go value");
                case "GoMap":
                case "GoChan":
                    return BindingType.Unsafe($"a Go {(name == "GoMap" ? "map" : "channel")} is a pointer into the Go heap, which the cgo pointer " +
                        $"rules forbid C to hold. Fix: pass the data as C types, or a cgo.Handle (as uintptr) to the Go value");
                case "GoComplex64":
                case "GoComplex128":
                    return BindingType.Unsafe("complex numbers have no portable C ABI counterpart in C#. Fix: pass the real and imaginary parts " +
                        "as two float64 values");
            }
            if (_header.FunctionPointers.TryGetValue(name, out var function)) return MapFunctionPointer(function);
        }
        var key = type.IsStruct ? "struct " + name : name;
        if (_header.Structs.TryGetValue(key, out var structure))
        {
            if (!UseStruct(structure, out var problem)) return problem!;
            return BindingType.Same(StructName(structure));
        }
        return BindingType.Unknown($"its C type '{type}' is not one the generator knows (a union, an array, a nested or incomplete struct, or a " +
            $"type from a header the preamble includes). Fix: use a C struct declared in the preamble, or a standard integer type (int32_t, " +
            $"uintptr_t, ...)");
    }

    private BindingType MapFunctionPointer(CFunctionPointer function)
    {
        var types = function.Parameters.Select(p => Map(p, null, isResult: false)).Append(Map(function.ReturnType, null, isResult: true)).ToList();
        var bad = types.FirstOrDefault(t => t.Kind == BindingKind.Unsupported);
        if (bad is not null) return bad;
        // Inside a function pointer everything is native: the callee is the user's [UnmanagedCallersOnly] method.
        return BindingType.Same($"delegate* unmanaged[Cdecl]<{string.Join(", ", types.Select(t => t.Native))}>");
    }

    private bool UseStruct(CStruct structure, out BindingType? problem)
    {
        problem = null;
        if (UsedStructs.Contains(structure)) return true;
        UsedStructs.Add(structure); // before the fields: a struct may point at itself
        foreach (var field in structure.Fields)
        {
            var mapped = MapField(field);
            if (mapped.Kind == BindingKind.Unsupported)
            {
                UsedStructs.Remove(structure);
                problem = structure.IsReturnStruct
                    ? mapped
                    : BindingType.Unknown($"its struct '{structure.Name}' has a field '{field.Name}' that cannot be mapped: {mapped.Problem}");
                return false;
            }
        }
        return true;
    }

    /// <summary>A struct field: like a result (pointers stay pointers), with *C.char as byte*.</summary>
    public BindingType MapField(CField field, string? goType = null)
    {
        var mapped = Map(field.Type, goType, isResult: true);
        if (mapped.Kind == BindingKind.Utf8Out || mapped.Kind == BindingKind.Address) return BindingType.Same(mapped.Native);
        if (field.ArrayLength > 0 && !(mapped.Kind == BindingKind.Direct && Primitives.ContainsValue(mapped.Native)
            && mapped.Native is not ("CLong" or "CULong" or "nint" or "nuint")))
        {
            return BindingType.Unknown($"the array field '{field.Name}[{field.ArrayLength}]' is not of a fixed-size number type");
        }
        return mapped;
    }

    public static string StructName(CStruct structure) => structure.Name;

    private CType Resolve(CType type)
    {
        var depth = type.PointerDepth;
        var seen = new HashSet<string>();
        while (!type.IsStruct && _header.Aliases.TryGetValue(type.Name, out var target) && seen.Add(type.Name))
        {
            depth += target.PointerDepth;
            type = target;
        }
        return new CType(type.Name, depth, type.IsStruct, type.IsConst);
    }

    private static bool IsGoType(string name) => name.StartsWith("Go", StringComparison.Ordinal)
        && Regex.IsMatch(name, @"^Go(U?Int(8|16|32|64)?|Uintptr|Float(32|64)|Complex(64|128)|String|Slice|Interface|Map|Chan)$");

    private static string GoName(string cgoName) => cgoName switch
    {
        "GoString" => "string",
        "GoSlice" => "slice",
        "GoInterface" => "interface",
        "GoMap" => "map",
        "GoChan" => "channel",
        _ => cgoName.Substring(2).ToLowerInvariant(),
    };
}
