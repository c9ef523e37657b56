using System;
using System.Collections.Generic;
using System.IO;

namespace GoToolchain.Build.Building;

/// <summary>
/// MSBuild's own rule for a target with Inputs and Outputs, asked early: the output exists and no input was written
/// after it. PlanGoBuilds asks it so that a module found current hands MSBuild one input (its settings file) instead of
/// thousands of items, each copied with the build's metadata, that MSBuild would only stat to reach the same answer.
/// </summary>
public static class UpToDateCheck
{
    /// <summary>True when <paramref name="output"/> exists and every input exists and is not newer than it.</summary>
    public static bool OutputIsCurrent(string output, IReadOnlyList<string> inputs)
    {
        try
        {
            var outputInfo = new FileInfo(output);
            if (!outputInfo.Exists) return false;
            var outputTime = outputInfo.LastWriteTimeUtc;
            foreach (var input in inputs)
            {
                var info = new FileInfo(input);
                // A vanished input makes MSBuild run the target; let it see the whole list then.
                if (!info.Exists || info.LastWriteTimeUtc > outputTime) return false;
            }
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return false;
        }
    }
}
