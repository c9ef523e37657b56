using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using GoToolchain.Build.Diagnostics;

namespace GoToolchain.Build.Bindings;

/// <summary>One c-shared library of the build: what the runtime probes it as, and what it exports.</summary>
public sealed class ExportedLibrary
{
    public ExportedLibrary(string libraryName, CgoHeader header, string goArch, string goOS)
    {
        LibraryName = libraryName;
        Header = header;
        GoArch = goArch;
        GoOS = goOS;
    }

    public string LibraryName { get; }
    public CgoHeader Header { get; }
    public string GoArch { get; }
    public string GoOS { get; }

    /// <summary>"greeter", "libgreeter", "libgreeter.so", "greeter.dll", "./libgreeter.dylib": what DllImport probing maps to this library.</summary>
    public bool IsNamedBy(string name)
    {
        var file = Path.GetFileName(name.Replace('\\', '/'));
        foreach (var extension in new[] { ".so", ".dll", ".dylib" })
        {
            if (file.EndsWith(extension, StringComparison.OrdinalIgnoreCase)) file = file.Substring(0, file.Length - extension.Length);
        }
        if (file.StartsWith("lib", StringComparison.Ordinal) && file.Substring(3) == LibraryName) return true;
        return file == LibraryName;
    }
}

/// <summary>
/// A build-time check of hand-written [DllImport]/[LibraryImport] declarations against the Go libraries of the build
/// (by text, not Roslyn: the package stays netstandard2.0 and ships no analyzer). An entry point the library does
/// not export is GOTB602 at the attribute's line, which would otherwise be an EntryPointNotFoundException at run time;
/// a different parameter count, or a parameter of a different size (C# int for a 64-bit GoInt), is GOTB603.
/// </summary>
public static class HandWrittenDeclarationCheck
{
    private static readonly Regex Attribute = new(
        @"\[\s*(?:[\w.]*\.)?(?<kind>DllImport|LibraryImport)(?:Attribute)?\s*\(\s*(?<library>@?""(?:[^""\\]|\\.)*""|[\w.]+)" +
        @"(?<rest>(?:[^\[\]""]|""(?:[^""\\]|\\.)*"")*)\]");
    private static readonly Regex FollowingAttributes = new(@"\G(?:\s*\[[^\]]*\])*");
    private static readonly Regex Method = new(@"\G[^;{(=]*?\b(?<name>\w+)\s*\(");
    private static readonly Regex EntryPoint = new(@"EntryPoint\s*=\s*""(?<name>[^""]+)""");

    /// <summary>Whether a C# file can hold a declaration this check looks at: it names DllImport or LibraryImport.</summary>
    public static bool MayDeclare(string text)
        => text.IndexOf("DllImport", StringComparison.Ordinal) >= 0 || text.IndexOf("LibraryImport", StringComparison.Ordinal) >= 0;

    public static void Check(string file, string text, IReadOnlyList<ExportedLibrary> libraries, DiagnosticBag diagnostics)
    {
        if (libraries.Count == 0 || !MayDeclare(text)) return;
        foreach (Match attribute in Attribute.Matches(text))
        {
            var libraryName = LibraryName(attribute.Groups["library"].Value, text);
            if (libraryName is null) continue;
            var library = libraries.FirstOrDefault(l => l.IsNamedBy(libraryName));
            if (library is null) continue;

            var after = attribute.Index + attribute.Length;
            after += FollowingAttributes.Match(text, after).Length;
            var method = Method.Match(text, after);
            if (!method.Success) continue;
            var entryPoint = EntryPoint.Match(attribute.Groups["rest"].Value) is { Success: true } e ? e.Groups["name"].Value
                : method.Groups["name"].Value;
            var line = LineOf(text, attribute.Index);
            var export = library.Header.Find(entryPoint);
            if (export is null)
            {
                diagnostics.Add(Diagnostic.Warning(Codes.HandWrittenEntryPointMissing,
                    $"[{attribute.Groups["kind"].Value}(\"{libraryName}\")] declares the entry point '{entryPoint}', which the Go library " +
                        $"'{library.LibraryName}' does not export: calling it throws EntryPointNotFoundException. Its exports: " +
                        $"{string.Join(", ", library.Header.Exports.Select(x => x.Name))}. Fix: call the generated binding instead (GoModule " +
                        $"metadata GenerateBindings=\"true\"), or add `//export {entryPoint}` above the Go function, or correct the name.",
                    file, line));
                continue;
            }
            var parameters = Parameters(text, method.Index + method.Length - 1);
            if (parameters is null) continue;
            if (parameters.Count != export.Parameters.Count)
            {
                diagnostics.Add(Diagnostic.Warning(Codes.HandWrittenSignatureDiffers,
                    $"'{entryPoint}' is declared with {parameters.Count} parameter(s) but the Go library '{library.LibraryName}' exports it with " +
                        $"{export.Parameters.Count}: {Describe(export)}. Fix: use the generated binding, or match the header.",
                    file, line));
                continue;
            }
            for (var i = 0; i < parameters.Count; i++)
            {
                var declared = SizeOfCSharp(parameters[i]);
                var exported = SizeOfC(export.Parameters[i].Type, library);
                if (declared is null || exported is null || declared == exported) continue;
                diagnostics.Add(Diagnostic.Warning(Codes.HandWrittenSignatureDiffers,
                    $"'{entryPoint}' parameter {i + 1} is declared as '{parameters[i]}' ({declared} bytes) but the Go library " +
                        $"'{library.LibraryName}' takes {export.Parameters[i].Type} '{export.Parameters[i].Name}' ({exported} bytes on " +
                        $"{library.GoOS}/{library.GoArch}): the call passes the wrong value. Fix: use the generated binding, or declare it as " +
                        $"{BindingsWriter.Identifier(CSharpFor(export.Parameters[i].Type, library))}.",
                    file, line));
                break;
            }
        }
    }

    private static string? LibraryName(string argument, string text)
    {
        if (argument.StartsWith("@\"", StringComparison.Ordinal)) return argument.Substring(2, argument.Length - 3);
        if (argument.StartsWith("\"", StringComparison.Ordinal)) return Regex.Unescape(argument.Substring(1, argument.Length - 2));
        // A constant: resolved only within the same file (const string Library = "greeter";).
        var name = argument.Split('.').Last();
        var constant = Regex.Match(text, @"const\s+string\s+" + Regex.Escape(name) + @"\s*=\s*""([^""]*)""");
        return constant.Success ? constant.Groups[1].Value : null;
    }

    /// <summary>The parameter types of the declaration whose "(" is at <paramref name="open"/>; null when it cannot be read.</summary>
    private static List<string>? Parameters(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            if (text[i] == '(') depth++;
            if (text[i] == ')' && --depth == 0)
            {
                var inside = Regex.Replace(text.Substring(open + 1, i - open - 1), @"\[[^\]]*\]", " ");
                return CgoHeaderParser.SplitTopLevel(inside).Where(p => p.Length > 0).Select(TypeOf).ToList();
            }
        }
        return null;
    }

    private static string TypeOf(string parameter)
    {
        var words = Regex.Replace(parameter, @"=.*$", "").Trim()
            .Split(new[] { ' ', '\t', '\n', '\r' }, StringSplitOptions.RemoveEmptyEntries).ToList();
        if (words.Count > 1) words.RemoveAt(words.Count - 1);
        return string.Join(" ", words.Where(w => w is not ("ref" or "in" or "out" or "scoped" or "this" or "params")));
    }

    private static int? SizeOfCSharp(string type) => type switch
    {
        "sbyte" or "byte" or "System.SByte" or "System.Byte" or "SByte" or "Byte" => 1,
        "short" or "ushort" or "Int16" or "UInt16" or "System.Int16" or "System.UInt16" => 2,
        "int" or "uint" or "float" or "Int32" or "UInt32" or "Single" or "System.Int32" or "System.UInt32" or "System.Single" => 4,
        "long" or "ulong" or "double" or "Int64" or "UInt64" or "Double" or "System.Int64" or "System.UInt64" or "System.Double" => 8,
        _ => null,
    };

    private static int? SizeOfC(CType type, ExportedLibrary library)
    {
        if (type.PointerDepth > 0) return null; // pointers: any pointer-typed declaration (IntPtr, byte*, string) may be right
        var mapped = new BindingTypeMapper(library.Header).MapParameter(type, null);
        var pointer = library.GoArch is "386" or "arm" ? 4 : 8;
        return mapped.Native switch
        {
            "sbyte" or "byte" => 1,
            "short" or "ushort" => 2,
            "int" or "uint" or "float" => 4,
            "long" or "ulong" or "double" => 8,
            "nint" or "nuint" => pointer,
            "CLong" or "CULong" => library.GoOS == "windows" ? 4 : pointer,
            _ => null,
        };
    }

    private static string CSharpFor(CType type, ExportedLibrary library) => new BindingTypeMapper(library.Header).MapParameter(type, null).Native;

    private static string Describe(CExport export) =>
        $"{export.ReturnType} {export.Name}({string.Join(", ", export.Parameters.Select(p => $"{p.Type} {p.Name}"))})";

    private static int LineOf(string text, int index)
    {
        var line = 1;
        for (var i = 0; i < index; i++) if (text[i] == '\n') line++;
        return line;
    }
}
