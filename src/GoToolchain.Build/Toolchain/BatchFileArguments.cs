using System;
using System.Collections.Generic;
using System.Linq;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Execution;

namespace GoToolchain.Build.Toolchain;

/// <summary>
/// A go that is a .cmd/.bat wrapper (GoExecutable, a go.cmd first on PATH) gets every argument through cmd.exe and the
/// wrapper's own lines. Checked at GoValidate, before any go process is given a value it would read otherwise:
/// <list type="bullet">
/// <item>GOTB052: a value the build passes to go holds a `"` or a line break, which no quoting carries through cmd.exe
/// to go.exe (CommandLineQuoting.BatchRefusal); ProcessRunner would refuse the start later, under another code.</item>
/// <item>GOTB051: a value holds a `%`. ProcessRunner quotes it as cmd.exe needs (`%%cd:~,%`, as Rust's std does), and
/// Windows' cmd.exe expands a batch file's `%*` once, so a plain `"...\go.exe" %*` wrapper hands `100%` on intact. A
/// wrapper that expands its arguments again (`call ... %*`, `set ARGS=%*`) does not, nor does Wine's cmd.exe (it drops a
/// `%` from a batch file's arguments and expands `%PATH%` in them). The go env probe asks for <see cref="ProbeName"/>
/// through the same wrapper (go echoes an unknown name back as given); only when it came back changed is it an error.</item>
/// </list>
/// </summary>
public static class BatchFileArguments
{
    /// <summary>A lone `%` and a `%PATH%` pair: dropped or expanded, the name comes back changed.</summary>
    public const string ProbeName = "GOTB%PATH%PERCENT%";

    /// <param name="goPath">The go the build runs.</param>
    /// <param name="env">Its go env probe answer (which asked for <see cref="ProbeName"/> when go is a batch file).</param>
    /// <param name="argumentValues">What later go processes get as arguments, each named for a message.</param>
    /// <param name="projectFile">Where the errors point.</param>
    public static IEnumerable<Diagnostic> Check(string goPath, IReadOnlyDictionary<string, string>? env,
        IEnumerable<(string What, string Value)> argumentValues, string? projectFile)
    {
        if (!ExecutableSearch.IsBatchFile(goPath)) yield break;
        const string fix = "Fix: set GoRoot (or GoExecutable) to the go.exe the wrapper starts";
        var values = argumentValues.ToList();
        foreach (var (what, value) in values)
        {
            if (CommandLineQuoting.BatchRefusal(value) is not { } why) continue;
            yield return Diagnostic.Error(Codes.BatchFileArgumentUnsafe,
                $"go is the batch file '{goPath}', which gets its arguments through cmd.exe, and the {what} " +
                $"'{value.Replace("\r", "\\r").Replace("\n", "\\n")}' holds {why}: it cannot reach go intact. {fix}, or remove it from the {what}.",
                projectFile);
        }
        if (env is null || env.ContainsKey(ProbeName)) yield break;
        var withPercent = values.FirstOrDefault(v => v.Value.IndexOf('%') >= 0);
        if (withPercent.Value is null) yield break;
        var got = env.Keys.Where(k => k.StartsWith("GOTB", StringComparison.Ordinal)).Select(k => "'" + k + "'").FirstOrDefault() ?? "nothing";
        yield return Diagnostic.Error(Codes.BatchWrapperLosesPercent,
            $"go is the batch file '{goPath}', and a % does not reach go through it intact on this machine: `go env -json {ProbeName}` " +
            $"through it answered for {got}. The build would pass the {withPercent.What} '{withPercent.Value}' to go, which would read " +
            $"another value (a % dropped, or %NAME% expanded, by cmd.exe or by the wrapper's own `call`/`set`). {fix}, or build from a " +
            "folder whose path has no %.",
            projectFile);
    }
}
