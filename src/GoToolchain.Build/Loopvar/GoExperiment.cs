using System;
using System.Collections.Generic;
using System.Linq;

namespace GoToolchain.Build.Loopvar;

/// <summary>
/// A GOEXPERIMENT value read the way go reads it: a comma list, items case-sensitive and NOT
/// trimmed (`loopvar, fieldtrack` is rejected by go as the experiment " fieldtrack"), empty items ignored,
/// `none` a keyword, and among loopvar/noloopvar the last one wins.
/// </summary>
public static class GoExperiment
{
    public const string Loopvar = "loopvar";
    public const string NoLoopvar = "noloopvar";

    /// <summary>The non-empty items, exactly as written (no trimming, as go).</summary>
    public static IReadOnlyList<string> Items(string? value)
        => (value ?? "").Split(',').Where(item => item.Length > 0).ToList();

    /// <summary>"loopvar", "noloopvar", or null: the last loopvar/noloopvar item, the one go obeys.</summary>
    public static string? LastLoopvarEntry(string? value)
        => Items(value).LastOrDefault(IsLoopvarItem);

    /// <summary>True when the value turns the loopvar experiment on (its last loopvar/noloopvar item is loopvar).</summary>
    public static bool EnablesLoopvar(string? value) => LastLoopvarEntry(value) == Loopvar;

    /// <summary>True when the value says noloopvar last: the user asked for per-loop semantics.</summary>
    public static bool DisablesLoopvar(string? value) => LastLoopvarEntry(value) == NoLoopvar;

    private static bool IsLoopvarItem(string item) => item is Loopvar or NoLoopvar;

    /// <summary>
    /// The user's value with <paramref name="experiment"/> appended last: earlier loopvar/noloopvar items removed,
    /// empty items dropped, every other item kept as written and in order (go judges unknown ones; a `none`
    /// before ours resets only what comes before it, so loopvar stays on).
    /// </summary>
    public static string Merge(string? userValue, string experiment = Loopvar)
        => string.Join(",", Items(userValue).Where(item => !IsLoopvarItem(item)).Concat(new[] { experiment }));

    /// <summary>Items go would reject because of surrounding white space (go does not trim them).</summary>
    public static IReadOnlyList<string> ItemsWithWhiteSpace(string? value)
        => Items(value).Where(item => item.Any(char.IsWhiteSpace)).ToList();

    /// <summary>Items other than loopvar/noloopvar: whether go knows them depends on the toolchain, so go is asked.</summary>
    public static IReadOnlyList<string> OtherItems(string? value)
        => Items(value).Where(item => !IsLoopvarItem(item)).ToList();

    /// <summary>Whether a `go version` line or a build-info version names <paramref name="experiment"/> in its X: suffix
    /// (" X:" up to Go 1.25, "-X:" from 1.26: Building/GoBuildInfo.ExperimentsOf).</summary>
    public static bool VersionLineHas(string versionLine, string experiment)
        => Building.GoBuildInfo.ExperimentsOf(versionLine).Contains(experiment, StringComparer.Ordinal);
}
