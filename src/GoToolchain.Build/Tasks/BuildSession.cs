using System;
using System.Collections.Concurrent;
using Microsoft.Build.Framework;

namespace GoToolchain.Build.Tasks;

/// <summary>
/// This build in this MSBuild node, and when it began (its first GoToolchain.Build task here): the shared build store reuses only
/// what was published since, so projects of one build share a go build, and the next build (dotnet clean, Rebuild) runs go again.
/// MSBuild keeps it for the lifetime of the build and disposes it at the end: the entries this node published are deleted then (SharedModuleBuilds tidies what a killed build leaves). The nodes of a `-m` build
/// start their sessions as their first projects start, before the others' go builds finish, so they share too.
/// </summary>
internal sealed class BuildSession : IDisposable
{
    private const string Key = "GoToolchain.Build.BuildSession.v1";
    private readonly ConcurrentDictionary<string, bool> _published = new(StringComparer.Ordinal);

    public DateTime Started { get; } = DateTime.UtcNow;

    public void Published(string entry) => _published[entry] = true;

    /// <summary>The session of this build, or a fresh one (no sharing) when the engine keeps no task objects.</summary>
    public static BuildSession Get(IBuildEngine4? engine)
    {
        if (engine is null) return new BuildSession();
        lock (typeof(BuildSession))
        {
            if (engine.GetRegisteredTaskObject(Key, RegisteredTaskObjectLifetime.Build) is BuildSession existing) return existing;
            var created = new BuildSession();
            engine.RegisterTaskObject(Key, created, RegisteredTaskObjectLifetime.Build, allowEarlyCollection: false);
            return created;
        }
    }

    public void Dispose()
    {
        foreach (var entry in _published.Keys) Building.SharedModuleBuilds.TryDeleteEntry(entry);
        _published.Clear();
    }
}
