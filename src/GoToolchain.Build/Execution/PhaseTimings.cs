using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;

namespace GoToolchain.Build.Execution;

/// <summary>
/// Where a task's time goes, phase by phase (docs/performance.md, "Where the GoBuild task's time goes"): a phase
/// measured twice adds up; <see cref="Summary"/> lists them in first-use order with what no phase covered as "other".
/// Only for the log (-v:d): nothing decides anything on a timing.
/// </summary>
public sealed class PhaseTimings
{
    private readonly Stopwatch _total = Stopwatch.StartNew();
    private readonly List<string> _order = new();
    private readonly Dictionary<string, TimeSpan> _elapsed = new(StringComparer.Ordinal);

    /// <summary>Runs <paramref name="action"/> as (part of) <paramref name="phase"/>.</summary>
    public T Measure<T>(string phase, Func<T> action)
    {
        var clock = Stopwatch.StartNew();
        try { return action(); }
        finally { Add(phase, clock.Elapsed); }
    }

    public void Measure(string phase, Action action) => Measure(phase, () => { action(); return 0; });

    public void Add(string phase, TimeSpan elapsed)
    {
        if (!_elapsed.TryGetValue(phase, out var sum)) _order.Add(phase);
        _elapsed[phase] = sum + elapsed;
    }

    public IReadOnlyList<(string Phase, TimeSpan Elapsed)> Phases => _order.Select(p => (p, _elapsed[p])).ToList();

    public TimeSpan Total => _total.Elapsed;

    /// <summary>"total 915 ms: go build 880 ms, stamp 12 ms, …, other 1 ms" (fractions of a millisecond to one decimal).</summary>
    public string Summary()
    {
        var total = Total;
        var covered = TimeSpan.FromTicks(_elapsed.Values.Sum(t => t.Ticks));
        var parts = Phases.Select(p => $"{p.Phase} {Milliseconds(p.Elapsed)}").ToList();
        if (total > covered) parts.Add($"other {Milliseconds(total - covered)}");
        return $"total {Milliseconds(total)}: {string.Join(", ", parts)}";
    }

    private static string Milliseconds(TimeSpan t)
        => t.TotalMilliseconds >= 10
            ? ((long)Math.Round(t.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture) + " ms"
            : t.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture) + " ms";
}
