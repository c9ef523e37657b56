using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using GoToolchain.Build.Diagnostics;

namespace GoToolchain.Build.Bindings;

/// <summary>What one module's bindings are generated from, and named as.</summary>
public sealed class BindingsRequest
{
    public string HeaderPath { get; set; } = "";
    public string HeaderText { get; set; } = "";
    public IReadOnlyList<GoExport> GoExports { get; set; } = Array.Empty<GoExport>();
    public string Namespace { get; set; } = "";
    public string ClassName { get; set; } = "";
    /// <summary>The name [LibraryImport]/[DllImport] probes: "greeter" finds libgreeter.so, libgreeter.dylib and greeter.dll.</summary>
    public string LibraryName { get; set; } = "";
    /// <summary>BindingsFreeFunction metadata: the export that frees returned strings; empty = by convention.</summary>
    public string? FreeFunction { get; set; }
    /// <summary>The target the header was written for ("linux/amd64"): named in the file, and C long's size before .NET 6.</summary>
    public string GoOS { get; set; } = "";
    public string GoArch { get; set; } = "";
    /// <summary>Where diagnostics without an //export line point (the go.mod of the module).</summary>
    public string ModuleFile { get; set; } = "";

    /// <summary>
    /// BindingsSignalFix metadata (default on): for linux targets, undo the SA_ONSTACK Go's runtime adds to .NET's
    /// thread-suspension signal when the library loads (RuntimeSignalFix explains why).
    /// </summary>
    public bool SignalFix { get; set; } = true;

    /// <summary>BindingsVisibility metadata: "internal" (the default, as CsWin32's) or "public".</summary>
    public string Visibility { get; set; } = "internal";

    /// <summary>The header was written from the Go sources by <see cref="SourceHeader"/> (a design-time build), not by go build.</summary>
    public bool FromSources { get; set; }
}

/// <summary>One export with its parameters and result mapped.</summary>
public sealed class BoundExport
{
    public BoundExport(CExport export, IReadOnlyList<(CParameter Parameter, BindingType Type)> parameters, BindingType result)
    {
        Export = export;
        Parameters = parameters;
        Result = result;
    }

    public CExport Export { get; }
    /// <summary>The header's doc comment, else the Go source's (cgo of Go 1.25+ writes none into the header).</summary>
    public IReadOnlyList<string> Doc { get; set; } = Array.Empty<string>();
    public IReadOnlyList<(CParameter Parameter, BindingType Type)> Parameters { get; }
    public BindingType Result { get; }
    public bool IsFreeFunction { get; set; }
}

public sealed class BindingsResult
{
    public string Text { get; set; } = "";
    public List<BoundExport> Bound { get; } = new();
    public CExport? FreeFunction { get; set; }
    /// <summary>The mapper of this header: the writer maps struct fields with it.</summary>
    public BindingTypeMapper? FieldMapper { get; set; }
    /// <summary>*_return struct name → the Go result types (a Go bool result is a GoUint8 field in the header).</summary>
    public Dictionary<string, IReadOnlyList<string>> ReturnGoTypes { get; } = new();
}

/// <summary>
/// Header text and Go sources in, C# text and diagnostics out: maps each export, leaves out (with a coded warning at
/// its //export line) what cannot cross safely, picks the function that frees returned strings, and writes the file.
/// </summary>
public static class BindingsGenerator
{
    public static BindingsResult Generate(BindingsRequest request, DiagnosticBag diagnostics)
    {
        var header = CgoHeaderParser.Parse(request.HeaderText);
        var mapper = new BindingTypeMapper(header);
        var result = new BindingsResult { FreeFunction = ChooseFreeFunction(header, request, diagnostics), FieldMapper = mapper };

        foreach (var export in header.Exports)
        {
            var go = request.GoExports.FirstOrDefault(g => g.Name == export.Name);
            var (file, line) = go is null ? (request.ModuleFile, 0) : (go.File, go.Line);
            if (export.Name == request.ClassName || export.Name is "Native" or "LibraryName")
            {
                // A C# member cannot have its class's name (CS0542), and Native/LibraryName are the class's own members.
                diagnostics.Add(Diagnostic.Error(Codes.BindingsMetadataInvalid,
                    $"//export {export.Name} cannot be a member of the generated class {request.ClassName}: " +
                    (export.Name == request.ClassName
                        ? "a C# member cannot have the name of its class"
                        : $"'{export.Name}' is a member the generator adds") +
                    $". Fix: set the GoModule metadata BindingsClassName to another name (e.g. BindingsClassName=\"{request.ClassName}Library\")" +
                    (export.Name == request.ClassName ? "" : ", or rename the export") + ".",
                    file, line));
                continue;
            }
            var isFree = export == result.FreeFunction;
            var parameters = export.Parameters
                .Select((p, i) => (p, isFree ? BindingType.Of(BindingKind.Address, mapper.MapParameter(p.Type, null).Native, "nint")
                    : mapper.MapParameter(p.Type, GoType(go?.ParameterTypes, i, export.Parameters.Count))))
                .ToList();
            var resultType = mapper.MapResult(export.ReturnType, go?.ResultTypes.Count == 1 ? go.ResultTypes[0] : null);
            var problem = parameters.Select(p => (p.Item2, $"its parameter '{p.p.Name}'")).Append((resultType, "its result"))
                .FirstOrDefault(p => p.Item1.Kind == BindingKind.Unsupported);
            if (problem.Item1 is not null)
            {
                var code = problem.Item1.IsUnknown ? Codes.BindingsTypeUnknown : Codes.ExportNotPortable;
                diagnostics.Add(Diagnostic.Warning(code,
                    $"//export {export.Name} is left out of the C# bindings {request.Namespace}.{request.ClassName}: {problem.Item2} cannot cross " +
                        $"to C# safely, because {problem.Item1.Problem}.",
                    file, line));
                continue;
            }
            if (resultType.Kind == BindingKind.Utf8Out && result.FreeFunction is null)
            {
                diagnostics.Add(Diagnostic.Warning(Codes.ReturnedStringWithoutFree,
                    $"//export {export.Name} returns a *C.char, which C.CString allocates with the C library's malloc, and the module exports no " +
                        $"function to free it: {request.ClassName}.{export.Name} returns the raw pointer (nint). Never free it with " +
                        $"Marshal.FreeHGlobal or Marshal.FreeCoTaskMem (another allocator on Windows). Fix: export one, e.g. `//export " +
                        $"FreeString` `func FreeString(p *C.char) {{ C.free(unsafe.Pointer(p)) }}`, and the binding returns a string and frees " +
                        $"it; or name yours with the GoModule metadata BindingsFreeFunction.",
                    file, line));
            }
            if (export.ReturnType.IsStruct && go is not null) result.ReturnGoTypes[export.ReturnType.Name] = go.ResultTypes;
            result.Bound.Add(new BoundExport(export, parameters, resultType)
            {
                IsFreeFunction = isFree,
                Doc = export.Doc.Count > 0 ? export.Doc : go?.Doc ?? (IReadOnlyList<string>)Array.Empty<string>(),
            });
        }
        result.Text = BindingsWriter.Write(request, result, mapper.UsedStructs, header);
        return result;
    }

    private static string? GoType(IReadOnlyList<string>? goTypes, int index, int count)
        => goTypes is not null && goTypes.Count == count ? goTypes[index] : null;

    /// <summary>
    /// The convention (docs/bindings.md): an export returning nothing, taking one char* or void*, whose name starts or
    /// ends with "free" in any case (FreeString, Free, greeter_free). FreeString wins among several; the
    /// BindingsFreeFunction metadata names one explicitly.
    /// </summary>
    public static CExport? ChooseFreeFunction(CgoHeader header, BindingsRequest request, DiagnosticBag diagnostics)
    {
        static bool Shape(CExport e) => e.ReturnType.Name == "void" && e.ReturnType.PointerDepth == 0 && e.Parameters.Count == 1
            && e.Parameters[0].Type.PointerDepth == 1 && e.Parameters[0].Type.Name is "char" or "void" && !e.Parameters[0].Type.IsStruct;
        if (!string.IsNullOrWhiteSpace(request.FreeFunction))
        {
            var named = header.Find(request.FreeFunction!.Trim());
            if (named is not null && Shape(named)) return named;
            diagnostics.Add(Diagnostic.Error(Codes.BindingsMetadataInvalid,
                $"BindingsFreeFunction='{request.FreeFunction}' must name an export of the module taking one *C.char or unsafe.Pointer and " +
                    $"returning nothing; " +
                    $"{(named is null ? "the module exports no function of that name" : $"{named.Name} has another signature")}. Exports: " +
                    $"{string.Join(", ", header.Exports.Select(e => e.Name))}.",
                request.ModuleFile));
            return null;
        }
        var candidates = header.Exports.Where(Shape)
            .Where(e => Regex.IsMatch(e.Name, "^free|free$", RegexOptions.IgnoreCase))
            .ToList();
        return candidates.FirstOrDefault(e => e.Name == "FreeString")
            ?? candidates.FirstOrDefault(e => e.Parameters[0].Type.Name == "char")
            ?? candidates.FirstOrDefault();
    }
}
