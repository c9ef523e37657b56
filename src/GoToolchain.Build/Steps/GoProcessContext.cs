using System;
using System.Collections.Generic;
using System.Threading;
using GoToolchain.Build.Diagnostics;

namespace GoToolchain.Build.Steps;

/// <summary>What a step needs to start a go process of its own beside the settings: the resolved toolchain, cancellation (Ctrl+C),
/// the build-wide cache of answers (one per build and MSBuild node) and the log.</summary>
public sealed class GoProcessContext
{
    public string GoExecutable { get; set; } = "";

    /// <summary>GOVERSION of the resolved toolchain (go1.23.5).</summary>
    public string GoVersionText { get; set; } = "";
    public CancellationToken Cancellation { get; set; }
    public IDictionary<string, IReadOnlyDictionary<string, string>>? BuildCache { get; set; }
    public BuildLog Log { get; set; } = (_, _) => { };
}
