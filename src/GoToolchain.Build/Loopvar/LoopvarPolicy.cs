using System;

namespace GoToolchain.Build.Loopvar;

/// <summary>The GoLoopvar property.</summary>
public enum LoopvarPolicy
{
    /// <summary>Make per-iteration semantics hold for every module, with GOEXPERIMENT=loopvar where the go line does not.</summary>
    Enable,

    /// <summary>Fail unless each module's go.mod gives per-iteration semantics by itself (go 1.22 line on a 1.22+ toolchain).</summary>
    Require,

    /// <summary>Change nothing; report the semantics in force.</summary>
    Off,
}

public static class LoopvarPolicies
{
    public const string ValidValues = "Enable (the default), Require or Off";

    /// <summary>Case-insensitive like other MSBuild switches; empty means the default, Enable.</summary>
    public static bool TryParse(string? text, out LoopvarPolicy policy)
    {
        var value = (text ?? "").Trim();
        if (value.Length == 0) { policy = LoopvarPolicy.Enable; return true; }
        foreach (LoopvarPolicy candidate in Enum.GetValues(typeof(LoopvarPolicy)))
        {
            if (string.Equals(candidate.ToString(), value, StringComparison.OrdinalIgnoreCase))
            {
                policy = candidate;
                return true;
            }
        }
        policy = LoopvarPolicy.Enable;
        return false;
    }
}
