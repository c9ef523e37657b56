using System.Collections.Generic;
using System.Linq;
using GoToolchain.Build.Diagnostics;

namespace GoToolchain.Build.Loopvar;

/// <summary>The GoDoctor section on loop-variable semantics: what is in force per module and every problem found.</summary>
public static class LoopvarDoctorSection
{
    public static IEnumerable<string> Render(LoopvarRequest request, LoopvarPlan plan)
    {
        yield return "";
        yield return "Loop variables (GoLoopvar):";
        yield return $"  policy:        {request.Policy}{(request.Policy == LoopvarPolicy.Off ? " (go's own semantics, as go build)" : "")}";
        yield return $"  toolchain:     go{request.Toolchain.Text} (" +
            (LoopvarSemantics.HasGoLineSemantics(request.Toolchain) ? "go 1.22 lines give per-iteration loops; GOEXPERIMENT=loopvar available"
                : LoopvarSemantics.HasExperiment(request.Toolchain) ? "only GOEXPERIMENT=loopvar gives per-iteration loops"
                : "no per-iteration loops at all") + ")";
        yield return $"  GOEXPERIMENT:  " +
            $"{(request.UserExperiment is null ? "(unset)" : "'" + request.UserExperiment + "' from " + request.UserExperimentSource)}"
                     + (plan.SetsExperiment ? $" -> '{plan.EffectiveExperiment}' for this build" : "");
        foreach (var verdict in plan.Modules)
        {
            var final = verdict.Final.Semantics switch
            {
                LoopSemantics.PerIteration => "per-iteration",
                LoopSemantics.PerLoop => "per-loop",
                _ => "does not build",
            };
            yield return $"  [{(verdict.Final.IsPerIteration ? "ok" : "!!")}] {verdict.Module.Directory} ({verdict.Module.GoLineText}): {final} " +
                $"({LoopvarPlanner.Explain(verdict.Final)})";
            foreach (var file in verdict.Files)
            {
                var relative = file.File.Path.StartsWith(verdict.Module.Directory, System.StringComparison.Ordinal)
                    ? file.File.Path.Substring(verdict.Module.Directory.Length).TrimStart('/', '\\') : file.File.Path;
                yield return $"       {relative}({file.File.LineFor(file.Semantics)}): {(file.Semantics.IsPerIteration ? "per-iteration" : "per-loop")} " +
                    $"({(file.ByCgoImport ? "import \"C\" on go" + request.Toolchain.Text + ": per-iteration whatever the go line says, " +
                        "a Go 1.22–1.24 bug; per-loop on Go 1.21 and 1.25+"
                        : "its //go:build " + file.File.ConstraintExpression + " line: language go" + file.File.ConstraintVersion!.Text)})";
            }
        }
        var problems = plan.Diagnostics.Items.Where(d => d.Severity != Severity.Message).ToList();
        foreach (var problem in problems) yield return $"  {problem.Severity.ToString().ToLowerInvariant()} {problem.Code}: {problem.Message}";
        if (problems.Count == 0) yield return "  no problems";
    }
}
