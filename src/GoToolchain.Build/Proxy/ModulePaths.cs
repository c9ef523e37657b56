using System;
using System.Text;
using System.Text.RegularExpressions;

namespace GoToolchain.Build.Proxy;

/// <summary>Module path rules go applies to proxy URLs, the module cache and GOPRIVATE-style patterns.</summary>
public static class ModulePaths
{
    /// <summary>
    /// golang.org/x/mod/module.EscapePath/EscapeVersion: an upper-case letter becomes '!' + its lower case, so
    /// paths stay distinct on case-insensitive file systems ("github.com/Azure/x" -> "github.com/!azure/x").
    /// </summary>
    public static string Escape(string pathOrVersion)
    {
        var sb = new StringBuilder(pathOrVersion.Length + 4);
        foreach (var c in pathOrVersion)
        {
            if (c >= 'A' && c <= 'Z') sb.Append('!').Append((char)(c + ('a' - 'A')));
            else sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>
    /// golang.org/x/mod/module.MatchPrefixPatterns: a comma-separated list of path.Match globs, each matched
    /// against the leading path elements of <paramref name="target"/> (as many as the glob has).
    /// </summary>
    public static bool MatchPrefixPatterns(string? globs, string target)
    {
        if (string.IsNullOrEmpty(globs)) return false;
        foreach (var raw in globs!.Split(','))
        {
            var glob = raw.TrimEnd('/');
            if (glob.Length == 0) continue;
            var slashes = 0;
            foreach (var c in glob) if (c == '/') slashes++;
            var prefix = target;
            var n = slashes;
            for (var i = 0; i < target.Length; i++)
            {
                if (target[i] != '/') continue;
                if (n == 0)
                {
                    prefix = target.Substring(0, i);
                    break;
                }
                n--;
            }
            if (n > 0) continue; // fewer elements than the glob
            if (PathMatch(glob, prefix)) return true;
        }
        return false;
    }

    /// <summary>The first element has no dot: go treats the import path as the standard library's.</summary>
    public static bool IsStandardLibrary(string importPath)
    {
        var slash = importPath.IndexOf('/');
        var first = slash < 0 ? importPath : importPath.Substring(0, slash);
        return first.IndexOf('.') < 0;
    }

    // path.Match: '*' is any run of non-'/', '?' one non-'/', [...] a class ('^' negates); a bad pattern matches nothing.
    private static bool PathMatch(string glob, string name)
    {
        var sb = new StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            switch (c)
            {
                case '*': sb.Append("[^/]*"); break;
                case '?': sb.Append("[^/]"); break;
                case '\\':
                    if (i + 1 >= glob.Length) return false;
                    sb.Append(Regex.Escape(glob[++i].ToString()));
                    break;
                case '[':
                    var close = glob.IndexOf(']', i + 1);
                    if (close < 0) return false;
                    var body = glob.Substring(i + 1, close - i - 1);
                    if (body.StartsWith("^", StringComparison.Ordinal)) body = "^" + body.Substring(1).Replace("\\", "\\\\").Replace("[", "\\[");
                    else body = body.Replace("\\", "\\\\").Replace("[", "\\[");
                    sb.Append('[').Append(body).Append(']');
                    i = close;
                    break;
                default: sb.Append(Regex.Escape(c.ToString())); break;
            }
        }
        sb.Append('$');
        try
        {
            return Regex.IsMatch(name, sb.ToString(), RegexOptions.CultureInvariant);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
