using System;
using System.Collections.Generic;

namespace GoToolchain.Build.Building;

/// <summary>One go build of one module for one target.</summary>
public sealed class GoBuildRequest
{
    public string GoExecutable { get; set; } = "";
    public string ModuleDirectory { get; set; } = "";
    public string Package { get; set; } = ".";
    public GoBuildMode Mode { get; set; } = GoBuildMode.CShared;
    public GoTarget Target { get; set; } = null!;

    /// <summary>The final file (e.g. obj/.../libgreeter.so); the header, for c-shared, lands beside it.</summary>
    public string OutputPath { get; set; } = "";
    public bool TrimPath { get; set; } = true;
    public string? Tags { get; set; }
    public string? LdFlags { get; set; }
    public string? GcFlags { get; set; }
    public IReadOnlyList<string> ExtraArguments { get; set; } = Array.Empty<string>();

    /// <summary>Empty: 1 for c-shared/c-archive, go's own default for exe.</summary>
    public string? CgoEnabled { get; set; }

    /// <summary>Validated environment (GOTOOLCHAIN, cache fallbacks, GoEnvironment) plus the module's own Environment.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; set; } = new Dictionary<string, string?>();
    public TimeSpan Timeout { get; set; } = Execution.ProcessSpec.DefaultTimeout;

    /// <summary>Where diagnostics about this module's settings point (its go.mod or the project file).</summary>
    public string? DiagnosticFile { get; set; }

    /// <summary>Pass -json (Go 1.24+, see <see cref="GoBuildEvents"/>): go prints its output as BuildEvents on stdout, each
    /// error with its package; the log still shows the text.</summary>
    public bool StructuredOutput { get; set; }

    /// <summary>GOVERSION of the go that builds (go1.27.4), for the progress lines.</summary>
    public string GoVersionText { get; set; } = "";

    /// <summary>After how long a running go build is logged at high importance (GoProgressNoticeSeconds).</summary>
    public TimeSpan ProgressNotice { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>What the progress lines say: "'/src/go' (package ./testapp, exe) for linux/amd64 with go1.27.4".</summary>
    public string Describe()
        => $"'{ModuleDirectory}' (package {(string.IsNullOrWhiteSpace(Package) ? "." : Package.Trim())}, {GoBuildModes.ToGoFlag(Mode)}) for {Target}" +
            (GoVersionText.Length > 0 ? " with " + GoVersionText : "");

    /// <summary>An experiment the result must carry (`go version` shows X:name), or null: see Loopvar/LoopvarProof.</summary>
    public string? RequiredExperiment { get; set; }

    /// <summary>
    /// The go build argv for a given -o path. Every value is its own argv element: property values are data,
    /// never parsed by a shell.
    /// </summary>
    public IReadOnlyList<string> Arguments(string outputPath)
    {
        var args = new List<string> { "build" };
        if (StructuredOutput) args.Add("-json");
        args.AddRange(new[] { "-buildmode=" + GoBuildModes.ToGoFlag(Mode), "-o", outputPath });
        if (TrimPath) args.Add("-trimpath");
        if (!string.IsNullOrWhiteSpace(Tags)) { args.Add("-tags"); args.Add(Tags!.Trim()); }
        if (!string.IsNullOrWhiteSpace(LdFlags)) { args.Add("-ldflags=" + LdFlags!.Trim()); }
        if (!string.IsNullOrWhiteSpace(GcFlags)) { args.Add("-gcflags=" + GcFlags!.Trim()); }
        args.AddRange(ExtraArguments);
        args.Add(string.IsNullOrWhiteSpace(Package) ? "." : Package.Trim());
        return args;
    }

    /// <summary>The environment go build runs with: the validated one, then the target, then cgo.</summary>
    public Dictionary<string, string?> ProcessEnvironment()
    {
        var env = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var pair in Environment) env[pair.Key] = pair.Value;
        SetTargetVariables(env, Target, Mode, CgoEnabled);
        return env;
    }

    /// <summary>
    /// GOOS/GOARCH/GOARM of the target and CGO_ENABLED (the module's CgoEnabled, else 1 for a BuildMode that needs cgo, else go's
    /// default): go build gets them, and so do go list and go generate, so build constraints select the same files.
    /// </summary>
    public static void SetTargetVariables(IDictionary<string, string?> env, GoTarget? target, GoBuildMode? mode, string? cgoEnabled)
    {
        if (!string.IsNullOrEmpty(target?.GoOS)) env["GOOS"] = target!.GoOS;
        if (!string.IsNullOrEmpty(target?.GoArch)) env["GOARCH"] = target!.GoArch;
        if (target?.GoArm is not null) env["GOARM"] = target.GoArm;
        var cgo = string.IsNullOrWhiteSpace(cgoEnabled) ? (mode is { } m && GoBuildModes.NeedsCgo(m) ? "1" : null) : cgoEnabled!.Trim();
        if (cgo is not null) env["CGO_ENABLED"] = cgo;
    }
}
