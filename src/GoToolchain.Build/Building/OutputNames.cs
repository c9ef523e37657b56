using System;
using System.IO;
using System.Text.RegularExpressions;

namespace GoToolchain.Build.Building;

/// <summary>
/// The name go build gives an output without -o (cmd/go's DefaultExecName): the last element of the main package's import
/// path, so <c>Package="./testapp"</c> builds <c>testapp</c> and <c>"."</c> the module path's last element; a major-version
/// element (<c>/v2</c>) is skipped for the one before it. The GoModule's OutputName wins over it.
/// </summary>
public static class OutputNames
{
    private static readonly Regex MajorVersion = new("^v[0-9]+$", RegexOptions.CultureInvariant);

    /// <param name="modulePath">The module line of go.mod (example.com/greeter); null when it cannot be read (the module folder's name then).</param>
    /// <param name="moduleDirectory">The module's folder.</param>
    /// <param name="package">The GoModule's Package (".", "./cmd/tool", or an import path).</param>
    public static string Default(string? modulePath, string moduleDirectory, string? package)
    {
        var pkg = (package ?? "").Trim().Replace('\\', '/').TrimEnd('/');
        var root = string.IsNullOrWhiteSpace(modulePath) ? Path.GetFileName(moduleDirectory.TrimEnd('/', '\\')) : modulePath!.Trim();
        string importPath;
        if (pkg.Length == 0 || pkg == ".") importPath = root;
        else if (pkg.StartsWith("./", StringComparison.Ordinal)) importPath = root + "/" + pkg.Substring(2);
        else importPath = pkg;
        var elements = importPath.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);
        if (elements.Length == 0) return Path.GetFileName(moduleDirectory.TrimEnd('/', '\\'));
        var last = elements[elements.Length - 1];
        return elements.Length > 1 && MajorVersion.IsMatch(last) ? elements[elements.Length - 2] : last;
    }
}
