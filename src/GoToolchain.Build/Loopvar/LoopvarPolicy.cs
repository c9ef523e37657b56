using System;

namespace GoToolchain.Build.Loopvar;

/// <summary>The GoLoopvar property.</summary>
public enum LoopvarPolicy
{
    /// <summary>Opt-in: make per-iteration semantics hold for every module, with GOEXPERIMENT=loopvar where the go line does not.</summary>
    Enable,

    /// <summary>Opt-in (recommended for CI): fail unless each module's go.mod gives per-iteration semantics by itself
    /// (go 1.22 line on a 1.22+ toolchain).</summary>
    Require,

    /// <summary>The default: go's own semantics, exactly what `go build` gives (each module by its go line, the user's
    /// own GOEXPERIMENT); report them.</summary>
    Off,
}

public static class LoopvarPolicies
{
    public const string ValidValues = "Off (the default: go's own semantics), Enable or Require";

    /// <summary>Case-insensitive like other MSBuild switches; empty means the default, Off (go's own semantics, as `go build`).</summary>
    public static bool TryParse(string? text, out LoopvarPolicy policy)
    {
        var value = (text ?? "").Trim();
        if (value.Length == 0) { policy = LoopvarPolicy.Off; return true; }
        foreach (LoopvarPolicy candidate in Enum.GetValues(typeof(LoopvarPolicy)))
        {
            if (string.Equals(candidate.ToString(), value, StringComparison.OrdinalIgnoreCase))
            {
                policy = candidate;
                return true;
            }
        }
        policy = LoopvarPolicy.Off;
        return false;
    }
}
