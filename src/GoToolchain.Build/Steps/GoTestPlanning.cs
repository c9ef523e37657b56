using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using GoToolchain.Build.Building;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.GoTests;
using GoToolchain.Build.Modules;
using GoToolchain.Build.Platform;
using GoToolchain.Build.Settings;
using GoToolchain.Build.Toolchain;

namespace GoToolchain.Build.Steps;

/// <summary>The GoTest metadata the package reads (defaults in build/GoToolchain.Build.Test.targets).</summary>
public static class GoTestMetadataNames
{
    public const string Packages = nameof(Packages);
    public const string Tags = nameof(Tags);
    public const string Environment = nameof(Environment);
    public const string CgoEnabled = nameof(CgoEnabled);
    public const string Timeout = nameof(Timeout);
    public const string Count = nameof(Count);
    public const string Race = nameof(Race);
    public const string Arguments = nameof(Arguments);
    public const string ProcessTimeoutSeconds = nameof(ProcessTimeoutSeconds);
}

/// <summary>
/// WriteGoTestManifest's work: each GoTest item (read through the settings model like a GoModule) resolved into a
/// <see cref="GoTestModule"/> with the validated go, the build's environment, the item's Environment, the target
/// (GoOS/GoArch, else the RuntimeIdentifier, else the host), cgo and its C compiler, and go test's flags; whether the host
/// can run the target's test binaries, and with which runner.
/// </summary>
public static class GoTestPlanning
{
    // go test's own flags that the package sets or that would change what the adapter reads.
    private static readonly string[] Reserved = { "-json", "-list", "-run", "-c", "-o", "-exec", "-v", "-bench", "-fuzz", "-vet=off" };
    private static readonly Regex GoDuration = new(@"^(?:0|(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+)$", RegexOptions.CultureInvariant);

    public static IReadOnlyList<GoTestModule> Plan(ProjectSettings settings, GoTarget host, GoProcessContext go,
        IReadOnlyDictionary<string, string?> buildEnvironment, DiagnosticBag diagnostics, Func<string, string?>? lookPath = null)
    {
        var projectFile = settings.ProjectFile ?? "";
        var lines = new ProjectFileLines(settings.ProjectFile);
        var target = settings.ResolveTarget(host.GoOS, host.GoArch, out var unknown) ?? host;
        if (unknown is not null)
        {
            diagnostics.Add(unknown);
            return Array.Empty<GoTestModule>();
        }
        var modules = new List<GoTestModule>();
        foreach (var item in settings.Modules)
        {
            (string?, int) Where(string name) => lines.Metadata(item.ItemSpec, name, "GoTest");
            var goMod = Path.Combine(item.Directory, "go.mod");
            if (!File.Exists(goMod))
            {
                var at = Where(GoTestMetadataNames.Packages);
                diagnostics.Add(Diagnostic.Error(Codes.GoTestModuleMissing,
                    $"GoTest '{item.ItemSpec}' names '{item.Directory}', which has no go.mod. Fix: point Include at the folder of the Go module " +
                        "whose tests should run (the folder with go.mod), relative to this project.", at.Item1 ?? settings.ProjectFile, at.Item2));
                continue;
            }
            string Get(string name) => item.Get(name).Trim();
            var flags = new List<string>();
            var count = Get(GoTestMetadataNames.Count);
            if (count.Length > 0)
            {
                if (int.TryParse(count, out var n) && n >= 1) flags.Add("-count=" + n);
                else Invalid(item.ItemSpec, GoTestMetadataNames.Count, count, "a whole number of runs, 1 or more (1 turns go's test cache off)", Where, diagnostics);
            }
            var race = Get(GoTestMetadataNames.Race);
            var raceOn = false;
            if (race.Length > 0)
            {
                if (bool.TryParse(race, out raceOn)) { if (raceOn) flags.Add("-race"); }
                else Invalid(item.ItemSpec, GoTestMetadataNames.Race, race, "true or false", Where, diagnostics);
            }
            if (Get(GoTestMetadataNames.Tags) is { Length: > 0 } tags) flags.Add("-tags=" + tags);
            var timeout = Get(GoTestMetadataNames.Timeout);
            if (timeout.Length > 0)
            {
                if (GoDuration.IsMatch(timeout)) flags.Add("-timeout=" + timeout);
                else Invalid(item.ItemSpec, GoTestMetadataNames.Timeout, timeout, "a Go duration such as 30s, 10m or 1h30m (go test's -timeout; 0 = none)", Where, diagnostics);
            }
            var processTimeout = TimeSpan.FromHours(1);
            var processSeconds = Get(GoTestMetadataNames.ProcessTimeoutSeconds);
            if (processSeconds.Length > 0)
            {
                if (int.TryParse(processSeconds, out var seconds) && seconds > 0) processTimeout = TimeSpan.FromSeconds(seconds);
                else Invalid(item.ItemSpec, GoTestMetadataNames.ProcessTimeoutSeconds, processSeconds, "a whole number of seconds above 0", Where, diagnostics);
            }
            foreach (var argument in SettingsReader.Entries(item.Get(GoTestMetadataNames.Arguments)))
            {
                var name = argument.Split('=')[0];
                if (Reserved.Contains(name) || Reserved.Contains("-" + name.TrimStart('-')))
                {
                    var at = Where(GoTestMetadataNames.Arguments);
                    diagnostics.Add(Diagnostic.Error(Codes.GoTestReservedArgument,
                        $"GoTest '{item.ItemSpec}' has Arguments '{argument}', which the test adapter sets or reads itself (go test -json, -list, " +
                            "-run from dotnet test --filter, -exec for a runner). Fix: remove it; filter with dotnet test --filter instead of -run.",
                        at.Item1 ?? settings.ProjectFile, at.Item2));
                    continue;
                }
                flags.Add(argument);
            }

            var cgo = Get(GoTestMetadataNames.CgoEnabled);
            if (raceOn && cgo == "0")
            {
                var at = Where(GoTestMetadataNames.Race);
                diagnostics.Add(Diagnostic.Error(Codes.GoTestRaceWithoutCgo,
                    $"GoTest '{item.ItemSpec}' has Race='true' and CgoEnabled='0', but go's race detector needs cgo. Fix: remove CgoEnabled " +
                        "(Race turns cgo on), or set Race='false'.", at.Item1 ?? settings.ProjectFile, at.Item2));
                continue;
            }
            var cgoEnabled = cgo.Length > 0 ? cgo : raceOn ? "1" : null;
            var environment = item.EnvironmentOver(buildEnvironment);
            GoBuildRequest.SetTargetVariables(environment, target, null, cgoEnabled);
            // The C compiler a cgo test build needs for a cross target (or GoCC), chosen as for a GoModule built as an exe.
            var spec = new GoModuleSpec(item.Directory, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["BuildMode"] = "exe",
                ["CgoEnabled"] = cgoEnabled ?? "",
            });
            if (ModuleCCompiler.Choose(spec, environment, host, target, settings.GoCC, settings.ProjectFile, diagnostics)?.Compiler is { } cc) environment["CC"] = cc;

            var (runnable, note, runner) = Runner(host, target, lookPath ?? (name => new GoLocator(SystemPlatform.Instance).LookPath(name)));
            if (runner is not null) flags.Add("-exec=" + runner);
            if (!runnable)
            {
                diagnostics.Add(Diagnostic.Info(Codes.GoTestNotRunnable,
                    $"GoTest '{item.ItemSpec}': {note}", settings.ProjectFile));
            }
            modules.Add(new GoTestModule
            {
                ItemSpec = item.ItemSpec,
                ModuleDirectory = item.Directory,
                ModulePath = GoModFile.Load(goMod).ModulePath ?? "",
                Packages = Get(GoTestMetadataNames.Packages) is { Length: > 0 } packages ? SettingsReader.Entries(packages) : new[] { "./..." },
                GoExecutable = go.GoExecutable,
                GoVersion = go.GoVersionText,
                Environment = environment,
                Flags = flags,
                Target = target.GoOS + "/" + target.GoArch,
                Runnable = runnable,
                RunnerNote = note,
                ProcessTimeout = processTimeout,
                ProjectFile = projectFile,
            });
        }
        return modules;
    }

    /// <summary>Whether the host runs the target's test binaries: itself (the same OS and CPU, or 386 on amd64), through a
    /// runner on PATH (wine64 for Windows on Linux, qemu-user for other Linux CPUs), or not at all (built, not run).</summary>
    public static (bool Runnable, string Note, string? Runner) Runner(GoTarget host, GoTarget target, Func<string, string?> lookPath)
    {
        if (host.GoOS == target.GoOS && (host.GoArch == target.GoArch || (host.GoArch == "amd64" && target.GoArch == "386")))
            return (true, "", null);
        string[] candidates = host.GoOS == "linux" && target.GoOS == "windows" ? new[] { "wine64", "wine" }
            : host.GoOS == "linux" && target.GoOS == "linux" ? new[] { $"qemu-{QemuArch(target.GoArch)}-static", $"qemu-{QemuArch(target.GoArch)}" }
            : Array.Empty<string>();
        foreach (var candidate in candidates)
        {
            if (lookPath(candidate) is { } found) return (true, $"{target.GoOS}/{target.GoArch} test binaries run through {candidate} ({found}).", found);
        }
        return (false, $"this host ({host.GoOS}/{host.GoArch}) cannot run {target.GoOS}/{target.GoArch} test binaries" +
            (candidates.Length > 0 ? $" and no runner ({string.Join(" or ", candidates)}) is on PATH" : "") +
            ": they are built, not run, and each test is reported as skipped. Fix: run dotnet test on a " +
            $"{target.GoOS}/{target.GoArch} machine, or install {(candidates.Length > 0 ? candidates[0] : "a runner")}.", null);
    }

    private static string QemuArch(string goArch) => goArch switch
    {
        "arm64" => "aarch64", "amd64" => "x86_64", "386" => "i386", "ppc64le" => "ppc64le", "s390x" => "s390x", "riscv64" => "riscv64",
        "loong64" => "loongarch64", _ => goArch,
    };

    private static void Invalid(string itemSpec, string name, string value, string allowed, Func<string, (string?, int)> where, DiagnosticBag diagnostics)
    {
        var at = where(name);
        diagnostics.Add(Diagnostic.Error(Codes.GoTestMetadataInvalid,
            $"GoTest '{itemSpec}' has {name}='{value}'. Fix: use {allowed}, or remove it.", at.Item1, at.Item2));
    }
}
