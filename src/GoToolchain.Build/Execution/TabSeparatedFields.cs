using System.Text;

namespace GoToolchain.Build.Execution;

/// <summary>
/// Text fields for the package's tab-separated, line-based files under obj/ (the source-facts cache, the last-build
/// record): a backslash, tab, newline or carriage return in a value is written as \\, \t, \n or \r, so any path or
/// metadata value stays one field of one line.
/// </summary>
internal static class TabSeparatedFields
{
    public static string Escape(string text)
        => text.IndexOfAny(new[] { '\\', '\t', '\n', '\r' }) < 0 ? text
            : text.Replace("\\", "\\\\").Replace("\t", "\\t").Replace("\n", "\\n").Replace("\r", "\\r");

    public static string Unescape(string text)
    {
        if (text.IndexOf('\\') < 0) return text;
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\' || i + 1 == text.Length)
            {
                result.Append(text[i]);
                continue;
            }
            var next = text[++i];
            result.Append(next switch { 't' => '\t', 'n' => '\n', 'r' => '\r', _ => next });
        }
        return result.ToString();
    }
}
