using System;

namespace GoToolchain.Build.Generate;

/// <summary>What the build does with a module's //go:generate directives.</summary>
public enum GenerateMode
{
    /// <summary>Run the generators and keep what they write.</summary>
    Run,

    /// <summary>Run the generators, report every file they would change, create or delete, and put the tree back exactly as it was.</summary>
    Verify,

    /// <summary>Do not run go generate.</summary>
    Off,
}

public static class GenerateModes
{
    /// <summary>Case-insensitive Run/Verify/Off; empty is not valid here (the caller picks the default first).</summary>
    public static bool TryParse(string? text, out GenerateMode mode)
    {
        mode = GenerateMode.Run;
        var value = text?.Trim() ?? "";
        foreach (GenerateMode candidate in Enum.GetValues(typeof(GenerateMode)))
        {
            if (string.Equals(candidate.ToString(), value, StringComparison.OrdinalIgnoreCase))
            {
                mode = candidate;
                return true;
            }
        }
        return false;
    }
}
