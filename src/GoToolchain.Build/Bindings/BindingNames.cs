using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace GoToolchain.Build.Bindings;

/// <summary>The names the generated bindings use: the library name DllImport probes for, and the default class name.</summary>
public static class BindingNames
{
    /// <summary>libgreeter.so, libgreeter.dylib, greeter.dll → greeter: the name DllImport probing expands on every OS.</summary>
    public static string LibraryName(string outputFileName, string goOS)
    {
        var name = Path.GetFileNameWithoutExtension(outputFileName);
        return goOS != "windows" && name.StartsWith("lib", StringComparison.Ordinal) && name.Length > 3 ? name.Substring(3) : name;
    }

    /// <summary>greeter → Greeter, my-lib → MyLib, 7zip → _7zip.</summary>
    public static string PascalCase(string name)
    {
        var parts = Regex.Split(name, "[^A-Za-z0-9]+").Where(p => p.Length > 0).Select(p => char.ToUpperInvariant(p[0]) + p.Substring(1));
        var joined = string.Concat(parts);
        return joined.Length == 0 ? "GoLibrary" : char.IsDigit(joined[0]) ? "_" + joined : joined;
    }

    private static readonly Regex Identifier = new(@"^@?[A-Za-z_][A-Za-z0-9_]*$");

    /// <summary>A C# identifier, or a dotted namespace of them.</summary>
    public static bool IsIdentifier(string name) => Identifier.IsMatch(name);
}
