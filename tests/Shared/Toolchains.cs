using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Testing;

/// <summary>
/// The Go toolchains the package supports and the suite runs on: the one list both test projects use (linked into
/// each), as the Debian installs /usr/lib/go-1.NN that build/prereqs.sh puts there (ToolchainsTests checks that its
/// list is this one). Data-driven tests name a set below with
/// <c>[DynamicData(nameof(Toolchains.All), typeof(Toolchains))]</c>, never versions of their own; a toolchain's exact
/// version ("go1.23.5") is read from the installed go, never written in a test. A missing toolchain fails the test
/// that needs it (nothing is skipped).
/// </summary>
public static class Toolchains
{
    /// <summary>Every supported toolchain, oldest first (1.20 is not packaged by Debian and is not supported).</summary>
    public static IReadOnlyList<string> Supported { get; } = new[] { "1.19", "1.21", "1.22", "1.23", "1.24", "1.25", "1.26", "1.27" };

    public static string Oldest => Supported[0];

    /// <summary>The Go our users build with; the sample's default.</summary>
    public static string Newest => Supported[Supported.Count - 1];

    /// <summary>
    /// 1.22, 1.23 and 1.24: a file with <c>import "C"</c> in a module whose go line is below 1.22 gets per-iteration
    /// loop variables (go-facts §9.2, fixed in 1.25).
    /// </summary>
    public static IReadOnlyList<string> CgoLoopBug { get; } = Between("1.22", "1.24");

    /// <summary>The newest toolchain with the cgo-file loop bug: also the first with tool directives and GOAUTH.</summary>
    public static string NewestWithCgoLoopBug => CgoLoopBug[CgoLoopBug.Count - 1];

    /// <summary>1.21 and later: GOEXPERIMENT=loopvar and GOTOOLCHAIN exist (1.19 rejects both).</summary>
    public static IReadOnlyList<string> WithLoopvarExperiment { get; } = Between("1.21", null);

    /// <summary>
    /// The toolchains Debian's stringer (built by go1.19) works with: it panics on the export data of 1.24 and later
    /// (go-facts §9.3). Only tests about stringer itself use this set.
    /// </summary>
    public static IReadOnlyList<string> WithDebianStringer { get; } = Between(null, "1.23");

    /// <summary>
    /// The end-to-end matrix: the oldest (1.19: no loopvar experiment, no GOTOOLCHAIN, no go.env), the newest toolchain
    /// with the cgo-file loop bug (1.24: also the first with tool directives, GOAUTH and go build -json), and the newest
    /// (what users build with). Each end-to-end area runs on at least these; a test file says why it picks another set.
    /// </summary>
    public static IReadOnlyList<string> EndToEndSet { get; } = new[] { Oldest, NewestWithCgoLoopBug, Newest };

    /// <summary>DynamicData sources: one row (the "1.NN" string) per toolchain.</summary>
    public static IEnumerable<object[]> All => Rows(Supported);
    public static IEnumerable<object[]> EndToEnd => Rows(EndToEndSet);
    public static IEnumerable<object[]> LoopvarExperiment => Rows(WithLoopvarExperiment);
    public static IEnumerable<object[]> DebianStringer => Rows(WithDebianStringer);
    public static IEnumerable<object[]> CgoLoopBugRows => Rows(CgoLoopBug);

    public static IEnumerable<object[]> Rows(IEnumerable<string> toolchains) => toolchains.Select(t => new object[] { t });

    /// <summary>The supported toolchains from <paramref name="from"/> to <paramref name="to"/> (inclusive; null: unbounded).</summary>
    public static IReadOnlyList<string> Between(string? from, string? to)
        => Supported.Where(t => (from is null || Minor(t) >= Minor(from)) && (to is null || Minor(t) <= Minor(to))).ToArray();

    /// <summary>The second number of "1.NN".</summary>
    public static int Minor(string toolchain)
    {
        var parts = toolchain.Split('.');
        if (parts.Length != 2 || parts[0] != "1" || !int.TryParse(parts[1], out var minor))
            throw new ArgumentException($"'{toolchain}' is not a toolchain name like 1.23", nameof(toolchain));
        return minor;
    }

    public static bool AtLeast(string toolchain, string minimum) => Minor(toolchain) >= Minor(minimum);

    /// <summary>/usr/lib/go-1.NN; a missing toolchain fails the test.</summary>
    public static string Root(string toolchain)
    {
        var root = $"/usr/lib/go-{toolchain}";
        if (!File.Exists(Path.Combine(root, "bin", "go")))
            Assert.Fail($"Go {toolchain} is not installed at {root}: run build/prereqs.sh (as root) to install Go {string.Join(", ", Supported)}.");
        return root;
    }

    public static string Go(string toolchain) => Path.Combine(Root(toolchain), "bin", "go");

    private static readonly ConcurrentDictionary<string, string> Versions = new();

    /// <summary>
    /// What `go env GOVERSION` of the installed toolchain says, e.g. "go1.23.5": the first line of its $GOROOT/VERSION
    /// (ToolchainsTests checks that the two agree on every toolchain).
    /// </summary>
    public static string Version(string toolchain) => Versions.GetOrAdd(toolchain, t =>
    {
        var first = File.ReadAllText(Path.Combine(Root(t), "VERSION")).Split('\n')[0].Trim();
        if (!first.StartsWith("go" + t + ".", StringComparison.Ordinal) && first != "go" + t)
            Assert.Fail($"{Root(t)}/VERSION says '{first}', not a Go {t} release");
        return first;
    });

    /// <summary>The version without "go": "1.23.5".</summary>
    public static string Release(string toolchain) => Version(toolchain).Substring(2);
}
