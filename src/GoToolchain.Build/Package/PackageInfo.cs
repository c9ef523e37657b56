using System.Linq;
using System.Reflection;

namespace GoToolchain.Build.Package;

/// <summary>
/// The package this task assembly was shipped in, from its assembly attributes (the csproj sets both from
/// $(Version) and $(RepositoryUrl), so each is defined once).
/// </summary>
public static class PackageInfo
{
    private static readonly Assembly Assembly = typeof(PackageInfo).Assembly;

    /// <summary>
    /// The package version (without the +commit suffix the SDK may add). Part of every build setting, stamp and
    /// cache key the package's logic decides, so upgrading the package reruns that logic instead of trusting
    /// results an older version wrote.
    /// </summary>
    public static string Version { get; } =
        (Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown").Split('+')[0];

    /// <summary>https://github.com/owner/name, without a trailing slash.</summary>
    public static string RepositoryUrl { get; } =
        (Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "RepositoryUrl")?.Value ?? "").TrimEnd('/');
}
