using System;
using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;

namespace GoToolchain.Build.Settings;

/// <summary>
/// Where in the user's files a property or a GoModule's metadata was written, so a diagnostic about its value
/// points there (file and line) and not at the package's .targets. MSBuild does not tell a task where a value
/// came from; this looks at the files in the order MSBuild reads them (Directory.Build.props, the project,
/// Directory.Build.targets) and takes the last definition, which is the one that wins. A value given on the
/// command line (-p:) is found nowhere: then the diagnostic points at the project file.
/// </summary>
public sealed class ProjectFileLines
{
    private readonly string? _projectFile;
    private List<(string File, string Text)>? _loaded;

    /// <summary>Reads nothing yet: the files are read when a diagnostic first asks where (a valid build never does).</summary>
    public ProjectFileLines(string? projectFile)
    {
        _projectFile = projectFile;
    }

    private List<(string File, string Text)> _files
    {
        get
        {
            if (_loaded is not null) return _loaded;
            _loaded = new List<(string File, string Text)>();
            if (string.IsNullOrEmpty(_projectFile)) return _loaded;
            var directory = Path.GetDirectoryName(_projectFile);
            Add(FindUp(directory, "Directory.Build.props"));
            Add(_projectFile);
            Add(FindUp(directory, "Directory.Build.targets"));
            return _loaded;
        }
    }

    /// <summary>The file and line of the last &lt;Name&gt; element, else the project file and line 0.</summary>
    public (string? File, int Line) Property(string name)
    {
        var element = new Regex(@"<" + Regex.Escape(name) + @"[\s>/]", RegexOptions.IgnoreCase);
        for (var i = _files.Count - 1; i >= 0; i--)
        {
            var (file, text) = _files[i];
            var matches = element.Matches(text);
            if (matches.Count > 0) return (file, LineOf(text, matches[matches.Count - 1].Index));
        }
        return (_projectFile, 0);
    }

    /// <summary>The line of the GoModule (or <paramref name="itemType"/>) item with this Include and, within it, of the metadata;
    /// else the item's line.</summary>
    public (string? File, int Line) Metadata(string include, string metadataName, string itemType = "GoModule")
    {
        var item = new Regex(@"<" + Regex.Escape(itemType) + @"\b[^>]*?\bInclude\s*=\s*[""']" + Regex.Escape(include) + @"[""']", RegexOptions.IgnoreCase);
        var metadata = new Regex(@"(\b" + Regex.Escape(metadataName) + @"\s*=|<" + Regex.Escape(metadataName) + @"[\s>])", RegexOptions.IgnoreCase);
        for (var i = _files.Count - 1; i >= 0; i--)
        {
            var (file, text) = _files[i];
            var found = item.Match(text);
            if (!found.Success) continue;
            var end = ElementEnd(text, found.Index, itemType);
            var inner = metadata.Match(text, found.Index, end - found.Index);
            return (file, LineOf(text, inner.Success ? inner.Index : found.Index));
        }
        return (_projectFile, 0);
    }

    private static int ElementEnd(string text, int start, string itemType)
    {
        var openEnd = text.IndexOf('>', start);
        if (openEnd < 0) return text.Length;
        if (text[openEnd - 1] == '/') return openEnd + 1;
        var close = text.IndexOf("</" + itemType, openEnd, StringComparison.OrdinalIgnoreCase);
        return close < 0 ? text.Length : close;
    }

    private static int LineOf(string text, int index)
    {
        var line = 1;
        for (var i = 0; i < index && i < text.Length; i++) if (text[i] == '\n') line++;
        return line;
    }

    private void Add(string? file)
    {
        if (file is null) return;
        try { if (File.Exists(file)) _loaded!.Add((file, File.ReadAllText(file))); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* then the diagnostic has no line */ }
    }

    private static string? FindUp(string? directory, string name)
    {
        for (var current = directory; !string.IsNullOrEmpty(current); current = Path.GetDirectoryName(current))
        {
            var candidate = Path.Combine(current, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
