using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;

// usage: MSBuildEvents out.tsv trace.nettrace...
// Writes "target|task <TAB> name <TAB> ms <TAB> count" for every target and task, its time summed over all the
// traces (one per MSBuild process). A target's time is its own: MSBuild starts the Target event after the targets it
// depends on have run. A task's time includes MSBuild creating it and setting its parameters.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: MSBuildEvents out.tsv trace.nettrace...");
    return 2;
}
var totals = new Dictionary<(string Kind, string Name), (double Ms, int Count)>();
foreach (var file in args.Skip(1))
{
    using var source = new EventPipeEventSource(file);
    var parser = new DynamicTraceEventParser(source);
    var started = new Dictionary<(int Thread, string Kind, string Name), double>();
    parser.All += e =>
    {
        if (e.ProviderName != "Microsoft-Build") return;
        var kind = e.EventName.StartsWith("ExecuteTask", StringComparison.Ordinal) ? "task"
            : e.EventName.StartsWith("Target/", StringComparison.Ordinal) ? "target" : null;
        if (kind is null) return;
        var name = (kind == "task" ? e.PayloadByName("taskName") : e.PayloadByName("targetName"))?.ToString() ?? "?";
        var key = (e.ThreadID, kind, name);
        if (e.Opcode == TraceEventOpcode.Start) started[key] = e.TimeStampRelativeMSec;
        else if (e.Opcode == TraceEventOpcode.Stop && started.Remove(key, out var start))
        {
            totals.TryGetValue((kind, name), out var sum);
            totals[(kind, name)] = (sum.Ms + e.TimeStampRelativeMSec - start, sum.Count + 1);
        }
    };
    source.Process();
}
File.WriteAllLines(args[0], totals.OrderByDescending(p => p.Value.Ms)
    .Select(p => $"{p.Key.Kind}\t{p.Key.Name}\t{p.Value.Ms.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)}\t{p.Value.Count}"));
return 0;
