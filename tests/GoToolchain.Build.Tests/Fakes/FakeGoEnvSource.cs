using System.Collections.Generic;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Platform;
using GoToolchain.Build.Toolchain;

namespace GoToolchain.Build.Tests.Fakes;

/// <summary>Answers `go env -json` from a table keyed by the go binary's path, and records every question.</summary>
public sealed class FakeGoEnvSource : IGoEnvSource
{
    public Dictionary<string, IReadOnlyDictionary<string, string>> Answers { get; } = new();

    /// <summary>When set, every call reports this and answers null (a probe that failed).</summary>
    public Diagnostic? Failure { get; set; }

    public List<(string GoPath, BuildEnvironment Environment)> Calls { get; } = new();

    public IReadOnlyDictionary<string, string>? GetEnv(string goPath, BuildEnvironment environment, string? projectFile, DiagnosticBag diagnostics)
    {
        Calls.Add((goPath, environment));
        if (Failure is not null)
        {
            diagnostics.Add(Failure);
            return null;
        }
        return Answers.TryGetValue(goPath, out var env) ? env : null;
    }
}
