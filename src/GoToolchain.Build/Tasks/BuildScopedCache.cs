using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.Build.Framework;

namespace GoToolchain.Build.Tasks;

/// <summary>
/// One `go env` answer per toolchain and environment per build, however many projects ask: MSBuild keeps the
/// dictionary for the lifetime of the build in this node.
/// </summary>
internal static class BuildScopedCache
{
    private const string Key = "GoToolchain.Build.GoEnvProbeCache.v1";

    public static IDictionary<string, IReadOnlyDictionary<string, string>>? Get(IBuildEngine4? engine)
    {
        if (engine is null) return null;
        lock (typeof(BuildScopedCache))
        {
            if (engine.GetRegisteredTaskObject(Key, RegisteredTaskObjectLifetime.Build) is ConcurrentDictionary<string, IReadOnlyDictionary<string,
                string>> existing)
                return existing;
            var created = new ConcurrentDictionary<string, IReadOnlyDictionary<string, string>>();
            engine.RegisterTaskObject(Key, created, RegisteredTaskObjectLifetime.Build, allowEarlyCollection: false);
            return created;
        }
    }
}
