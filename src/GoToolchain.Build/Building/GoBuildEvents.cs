using System;
using System.Collections.Generic;
using System.Text;
using GoToolchain.Build.Toolchain;
using GoToolchain.Build.Versions;

namespace GoToolchain.Build.Building;

/// <summary>One line go build printed, with the package go printed it for (go build -json's ImportPath), when known.</summary>
public readonly struct GoOutputLine
{
    public GoOutputLine(string text, string? package = null)
    {
        Text = text;
        Package = package;
    }

    /// <summary>The line as go printed it, without the line terminator.</summary>
    public string Text { get; }

    /// <summary>The ImportPath of the BuildEvent that carried the line; null for text output and for stderr under -json
    /// (go's early errors, module downloads). Empty for output that is no package's (the -x WORK= line).</summary>
    public string? Package { get; }

    public override string ToString() => Package is null ? Text : Package + ": " + Text;
}

/// <summary>
/// go build -json (Go 1.24+, `go help buildjson`): a stream of BuildEvent objects on stdout, {"ImportPath", "Action",
/// "Output"}, where Action is build-output (a portion of the text go build would have printed, one or more lines) or
/// build-fail. Concatenating the Output fields gives the text output exactly; non-JSON text on stderr is go's early
/// errors (no such GOOS/GOARCH pair, a toolchain download), which the text parser keeps reading. -x and -v output
/// arrives in build-output events too. Decoded here into lines with their package, for diagnostics and for the log.
/// </summary>
public sealed class GoBuildEvents
{
    private static readonly GoVersion FirstVersion = GoVersion.Parse("1.24");

    private readonly Dictionary<string, StringBuilder> _partial = new(StringComparer.Ordinal);
    private readonly List<GoOutputLine> _lines = new();

    /// <summary>
    /// Whether go build understands -json: the local toolchain is 1.24 or newer, and GOTOOLCHAIN cannot make it run an
    /// older one (goX.Y, goX.Y+auto and goX.Y+path name the default toolchain; local, auto, path and local+… run the
    /// local one or a newer one). A toolchain before 1.24 rejects the flag ("flag provided but not defined: -json").
    /// </summary>
    public static bool Supported(GoVersion? local, string? goToolchain)
    {
        if (local is null || local.CompareTo(FirstVersion) < 0) return false;
        var value = (goToolchain ?? "").Trim();
        if (!value.StartsWith("go", StringComparison.Ordinal)) return true;
        var plus = value.IndexOf('+');
        var named = GoVersion.FromGoEnvVersion(plus < 0 ? value : value.Substring(0, plus));
        return named is not null && named.CompareTo(FirstVersion) >= 0;
    }

    /// <summary>Decodes what go build -json printed: stderr's lines first (go prints them before it builds), then every
    /// event's output, line by line, with its package.</summary>
    public static IReadOnlyList<GoOutputLine> Decode(IReadOnlyList<string> standardOutput, IReadOnlyList<string> standardError)
    {
        var events = new GoBuildEvents();
        foreach (var line in standardError) events._lines.Add(new GoOutputLine(line));
        foreach (var line in standardOutput) events.Feed(line);
        events.Finish();
        return events._lines;
    }

    /// <summary>Text lines of the output for a stream of stdout lines, as go would have printed them without -json (the
    /// log shows them so); a line that is not a BuildEvent is passed on as it is.</summary>
    public static Action<string> ToText(Action<string> textLine)
    {
        var events = new GoBuildEvents();
        return line =>
        {
            var before = events._lines.Count;
            events.Feed(line);
            for (var i = before; i < events._lines.Count; i++) textLine(events._lines[i].Text);
            events._lines.Clear();
        };
    }

    private void Feed(string line)
    {
        if (!line.TrimStart().StartsWith("{", StringComparison.Ordinal) || GoEnvJson.Parse(line, out _) is not { } fields
            || !fields.TryGetValue("Action", out var action))
        {
            _lines.Add(new GoOutputLine(line));
            return;
        }
        var package = fields.TryGetValue("ImportPath", out var importPath) ? importPath : "";
        if (action == "build-output" && fields.TryGetValue("Output", out var output))
        {
            // An event may carry several lines, or part of one: a line is complete at its '\n'.
            if (!_partial.TryGetValue(package, out var pending)) _partial[package] = pending = new StringBuilder();
            pending.Append(output);
            var text = pending.ToString();
            var end = text.LastIndexOf('\n');
            if (end < 0) return;
            foreach (var complete in text.Substring(0, end).Split('\n')) _lines.Add(new GoOutputLine(complete.TrimEnd('\r'), package));
            pending.Clear().Append(text.Substring(end + 1));
        }
        else if (action == "build-fail")
        {
            Flush(package);
        }
    }

    private void Finish()
    {
        foreach (var package in new List<string>(_partial.Keys)) Flush(package);
    }

    private void Flush(string package)
    {
        if (_partial.TryGetValue(package, out var pending) && pending.Length > 0)
        {
            _lines.Add(new GoOutputLine(pending.ToString(), package));
            pending.Clear();
        }
    }
}
