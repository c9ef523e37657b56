using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using GoToolchain.Build.Testing;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.EndToEnd;

/// <summary>
/// One row of the hostile corpus: a project/module shape and an environment, and what the build must answer.
/// Values may use {tools} (a private folder without spaces for fake tools), {module} (the module folder),
/// {project} (the project folder) and {go} (the real go 1.23 binary).
/// </summary>
public sealed record HostileCase(string Name, int Exit, string Codes)
{
    public const string DefaultGoMod = "module example.com/lib\n\ngo 1.22\n";

    /// <summary>go.mod of the module; null writes none.</summary>
    public string? GoMod { get; init; } = DefaultGoMod;
    /// <summary>Files of the module (default: the c-shared greeter).</summary>
    public IReadOnlyDictionary<string, string>? Files { get; init; }
    /// <summary>The module folder, relative to the project (the GoModule Include, MSBuild-escaped as given).</summary>
    public string ModuleDirectory { get; init; } = "go/lib";
    public string ItemMetadata { get; init; } = "";
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();
    /// <summary>A fake go: sh code per go subcommand (env, build, generate, list, version); the rest goes to the real go.</summary>
    public IReadOnlyDictionary<string, string>? FakeGo { get; init; }
    /// <summary>Anything else the case needs written or changed, given the case's folders.</summary>
    public Action<HostileContext>? Setup { get; init; }

    public override string ToString() => Name;
}

public sealed record HostileContext(Fixture Fixture, string Tools, string Module);

/// <summary>
/// The hostile corpus (issue 10): every row is a real `dotnet build` of its own project. For every row: the exit
/// code and the exact set of error codes; no MSB4018/MSB4030/MSB4181 (a crash or a property MSBuild could not
/// convert); no file written outside the project's folder, the package's private state root, and the tools'
/// own homes (the folders around the project are snapshot before and after); and no surviving process (each build
/// carries a unique environment marker). Rows run in parallel, sharing one NuGet package folder, one GOCACHE and
/// one GOMODCACHE. To add a row, add a line to <see cref="Cases"/>; GOTB_HOSTILE_CASE=name,name2 runs only those rows.
/// </summary>
[TestClass]
[TestCategory("end-to-end")]
public class HostileCorpusTests
{
    private const string Timeout5 = "5";
    private const string DefaultGoMod = HostileCase.DefaultGoMod;
    private static string RealGo => PackagedBuild.GoRoot(Toolchains.Newest) + "/bin/go";

    private static Dictionary<string, string> P(params string[] pairs) => Pairs(pairs).ToDictionary(p => p.Key, p => p.Value!);
    private static Dictionary<string, string?> E(params string?[] pairs) => Pairs(pairs).ToDictionary(p => p.Key, p => p.Value);
    private static IEnumerable<KeyValuePair<string, string?>> Pairs(string?[] pairs)
    {
        for (int i = 0; i < pairs.Length; i += 2) yield return new(pairs[i]!, pairs[i + 1]);
    }
    private static Dictionary<string, string> Go(params string[] pairs) => P(pairs);

    private static Dictionary<string, string> GreeterWith(string extra) => new() { ["lib.go"] = Fixture.GreeterFiles["lib.go"] + "\n" + extra + "\n" };

    private static readonly Dictionary<string, string> ImportingNotCached = new()
    {
        ["lib.go"] = Fixture.GreeterFiles["lib.go"],
        ["use.go"] = "package main\n\nimport _ \"example.com/not/cached\"\n",
        // With its go.sum lines the module is one go must download (without them go stops at "missing go.sum entry").
        ["go.sum"] = "example.com/not/cached v1.2.3 h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\nexample.com/not/cached v1.2.3/go.mod h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n",
    };

    /// <summary>Writes <paramref name="megabytes"/> MB of compiler-error lines to stderr, as a broken go might.</summary>
    private static string Flood(int megabytes) => $"yes 'main.go:1:1: error flooding the build with a line that is ninety bytes long........' | head -c {megabytes}000000 >&2; exit 1";

    public static IReadOnlyList<HostileCase> Cases { get; } = new List<HostileCase>
    {
        // ---- a baseline: the corpus itself must let a good project through ----
        new("good-project", 0, ""),
        new("path-with-spaces-and-quotes", 0, "") { ModuleDirectory = "go/my lib 'q' \"d\"" },
        new("path-with-semicolon-and-dollar", 0, "") { ModuleDirectory = "go/a%3Bb$c" },
        new("path-non-ascii", 0, "") { ModuleDirectory = "go/модуль-日本" },
        new("path-with-percent-and-hash", 0, "") { ModuleDirectory = "go/100%25 #1" },
        // Flags with spaces in one argv element reach go intact (flags the package owns, such as -ldflags, are GOTB541 instead).
        new("build-arguments-with-spaces", 0, "") { Properties = P("GoBuildArguments", "-asmflags=-D GOTB_X -D GOTB_Y;-p;1") },
        new("build-arguments-with-an-owned-flag", 1, "GOTB541") { Properties = P("GoBuildArguments", "-ldflags=-s -w;-gcflags=all=-N -l") },
        new("environment-value-with-spaces-and-quotes", 0, "") { Properties = P("GoEnvironment", "GOFLAGS=-tags=a,b;MY_VAR='x y' \"z\"") },
        new("huge-but-valid-go-mod", 0, "") { GoMod = DefaultGoMod + string.Concat(Enumerable.Repeat("// a comment line that pads the file to a size nobody writes by hand\n", 30_000)) },
        new("generator-prints-20-MB", 0, "") { Files = GreeterWith("//go:generate sh -c \"yes generator-output-line | head -c 20000000\"") },

        // ---- go.mod: malformed, missing, odd ----
        new("go-mod-garbage", 1, "GOTB111") { GoMod = "this is not a go.mod at all\n" },
        new("go-mod-empty", 1, "GOTB111") { GoMod = "" },
        new("go-mod-without-module-line", 1, "GOTB111") { GoMod = "go 1.22\n" },
        new("go-mod-bad-go-line", 1, "GOTB111") { GoMod = "module example.com/lib\n\ngo one.two\n" },
        new("go-mod-unterminated-string", 1, "GOTB111") { GoMod = "module \"example.com/lib\n\ngo 1.22\n" },
        new("go-mod-unterminated-block", 1, "GOTB111") { GoMod = "module example.com/lib\n\ngo 1.22\n\nrequire (\n\texample.com/x v1.0.0\n" },
        new("go-mod-nul-byte", 1, "GOTB111") { GoMod = "module example.com/lib\0\n\ngo 1.22\n" },
        new("go-mod-invalid-utf8-in-a-comment", 0, "") { Setup = c => { using var f = File.Open(Path.Combine(c.Module, "go.mod"), FileMode.Append); f.Write(new byte[] { (byte)'/', (byte)'/', 0xff, 0xfe, (byte)'\n' }); } },
        new("go-mod-unknown-directive", 1, "GOTB111") { GoMod = "module example.com/lib\n\ngo 1.22\n\nbanana example.com/x\n" },
        new("go-mod-go-line-from-the-future", 1, "GOTB113") { GoMod = "module example.com/lib\n\ngo 1.99\n" },
        new("go-mod-toolchain-line-garbage", 1, "GOTB111") { GoMod = "module example.com/lib\n\ngo 1.22\n\ntoolchain banana\n" },
        new("go-mod-missing", 1, "GOTB110") { GoMod = null },
        new("module-folder-missing", 1, "GOTB110") { GoMod = null, Files = new Dictionary<string, string>(), ModuleDirectory = "go/nowhere" },
        new("go-mod-is-a-directory", 1, "GOTB110") { GoMod = null, Setup = c => Directory.CreateDirectory(Path.Combine(c.Module, "go.mod")) },
        new("go-mod-requires-module-not-in-cache-proxy-off", 1, "GOTB210") { GoMod = DefaultGoMod + "\nrequire example.com/not/cached v1.2.3\n", Files = ImportingNotCached, Environment = E("GOPROXY", "off") },
        new("go-mod-replace-to-missing-folder-nobody-imports", 0, "") { GoMod = DefaultGoMod + "\nrequire example.com/x v1.0.0\n\nreplace example.com/x => ./missing\n" },
        new("go-sum-garbage", 0, "") { Files = new Dictionary<string, string> { ["lib.go"] = Fixture.GreeterFiles["lib.go"], ["go.sum"] = "garbage garbage garbage\n" }, GoMod = DefaultGoMod + "\nrequire example.com/x v1.0.0\n\nreplace example.com/x => ./x\n", Setup = c => { Directory.CreateDirectory(Path.Combine(c.Module, "x")); File.WriteAllText(Path.Combine(c.Module, "x", "go.mod"), "module example.com/x\n"); } },

        // ---- go.work ----
        new("go-work-garbage", 1, "GOTB112") { Setup = c => c.Fixture.WriteFile("go.work", "this is not a go.work\n") },
        new("go-work-without-the-module", 1, "GOTB120") { Setup = c => { c.Fixture.WriteFile("go.work", "go 1.22\n\nuse ./go/other\n"); c.Fixture.WriteFile("go/other/go.mod", "module example.com/other\n\ngo 1.22\n"); } },
        new("go-work-go-line-from-the-future", 1, "GOTB113") { Setup = c => c.Fixture.WriteFile("go.work", "go 1.99\n\nuse ./go/lib\n") },
        new("gowork-variable-names-missing-file", 1, "GOTB112") { Environment = E("GOWORK", "/nonexistent/go.work") },

        // ---- GOROOT, GoExecutable ----
        new("goroot-missing", 1, "GOTB002") { Properties = P("GoRoot", "/nonexistent/go-9.99") },
        new("goroot-is-a-file", 1, "GOTB003") { Properties = P("GoRoot", "{tools}/a-file"), Setup = c => File.WriteAllText(Path.Combine(c.Tools, "a-file"), "x") },
        new("goroot-without-bin-go", 1, "GOTB004") { Properties = P("GoRoot", "{tools}") },
        new("go-executable-missing", 1, "GOTB001") { Properties = P("GoExecutable", "/nonexistent/bin/go") },
        new("go-executable-is-a-directory", 1, "GOTB001") { Properties = P("GoExecutable", "{tools}") },
        new("go-executable-not-executable", 1, "GOTB010") { Properties = P("GoExecutable", "{tools}/go-text"), Setup = c => File.WriteAllText(Path.Combine(c.Tools, "go-text"), "not a program") },
        new("go-executable-is-an-empty-file", 1, "GOTB010") { Properties = P("GoExecutable", "{tools}/go-empty"), Setup = c => Hostile.Executable(Path.Combine(c.Tools, "go-empty"), "") },
        new("goroot-variable-points-at-another-go", 1, "GOTB020") { Environment = E("GOROOT", $"/usr/lib/go-{Toolchains.Oldest}") },
        new("go-version-range-garbage", 1, "GOTB101") { Properties = P("GoVersionRange", "banana") },
        new("go-version-range-unsatisfiable", 1, "GOTB100") { Properties = P("GoVersionRange", "[9.0,)") },
        new("home-unset-falls-back-for-the-cache", 0, "") { Environment = E("HOME", null, "GOCACHE", null) },
        new("gocache-relative", 0, "") { Environment = E("GOCACHE", "relative/cache") },

        // ---- a go binary that misbehaves ----
        new("go-env-hangs", 1, "GOTB011") { Properties = P("GoProcessTimeoutSeconds", Timeout5), FakeGo = Go("env", "exec sleep 7301") },
        new("go-env-prints-garbage", 1, "GOTB012") { FakeGo = Go("env", "echo 'I am not go'; exit 0") },
        new("go-env-prints-nothing", 1, "GOTB012") { FakeGo = Go("env", "exit 0") },
        new("go-env-prints-20-MB-of-stderr", 1, "GOTB010") { FakeGo = Go("env", Flood(20)) },
        new("go-env-prints-20-MB-of-stdout", 1, "GOTB012") { FakeGo = Go("env", "yes '{\"x\": 1,' | head -c 20000000; exit 0") },
        new("go-env-killed-by-a-signal", 1, "GOTB010") { FakeGo = Go("env", "kill -9 $$") },
        new("go-env-exits-255", 1, "GOTB010") { FakeGo = Go("env", "echo 'go: something odd' >&2; exit 255") },
        new("go-env-invalid-utf8", 1, "GOTB012") { FakeGo = Go("env", "printf '{\\\"GOVERSION\\\": \\\"\\377\\376\\\"'; exit 0") },
        new("go-env-leaves-a-child-behind", 0, "") { FakeGo = Go("env", "(sleep 7302 &) ; exec \"$REAL_GO\" \"$@\"") },
        new("go-build-prints-20-MB-of-errors", 1, "GOTB500") { FakeGo = Go("build", Flood(20)) },
        new("go-build-prints-one-20-MB-line", 1, "GOTB500") { FakeGo = Go("build", "head -c 20000000 /dev/zero | tr '\\0' x >&2; exit 1") },
        new("go-build-hangs", 1, "GOTB503") { Properties = P("GoProcessTimeoutSeconds", Timeout5), FakeGo = Go("build", "exec sleep 7303") },
        new("go-build-hangs-with-a-child-that-ignores-sigterm", 1, "GOTB503") { Properties = P("GoProcessTimeoutSeconds", Timeout5), FakeGo = Go("build", "(trap '' TERM INT; exec sleep 7304) & wait") },
        new("go-build-succeeds-but-writes-nothing", 1, "GOTB504") { FakeGo = Go("build", "exit 0") },
        new("go-build-killed-by-a-signal", 1, "GOTB500") { FakeGo = Go("build", "kill -9 $$") },
        new("go-build-exits-with-garbage-output", 1, "GOTB500") { FakeGo = Go("build", "head -c 100000 /dev/urandom >&2; exit 3") },
        new("go-generate-hangs", 1, "GOTB405") { Properties = P("GoProcessTimeoutSeconds", Timeout5), FakeGo = Go("generate", "exec sleep 7305") },
        // go generate asks go list which packages the build compiles, before go build: the hang is found there.
        new("go-list-hangs", 1, "GOTB405") { Properties = P("GoProcessTimeoutSeconds", Timeout5), GoMod = "module example.com/lib\n\ngo 1.21\n", FakeGo = Go("list", "exec sleep 7306") },

        // ---- environment and properties ----
        new("goproxy-garbage-with-a-download-needed", 1, "GOTB210") { GoMod = DefaultGoMod + "\nrequire example.com/not/cached v1.2.3\n", Files = ImportingNotCached, Environment = E("GOPROXY", "::::") },
        new("goproxy-closed-port-with-a-download-needed", 1, "GOTB210") { GoMod = DefaultGoMod + "\nrequire example.com/not/cached v1.2.3\n", Files = ImportingNotCached, Environment = E("GOPROXY", "http://127.0.0.1:1", "GOSUMDB", "off") },
        // go generate's go list (which packages the build compiles) is the first to meet it.
        new("goflags-garbage", 1, "GOTB406") { Environment = E("GOFLAGS", "-mod=banana") },
        new("goexperiment-garbage", 1, "GOTB307") { Environment = E("GOEXPERIMENT", "nonsense") },
        new("gotoolchain-variable-garbage", 1, "GOTB117") { Properties = P("GoToolchainMode", "banana") },
        new("go-environment-entry-without-equals", 1, "GOTB008") { Properties = P("GoEnvironment", "notanassignment") },
        new("go-environment-entry-without-name", 1, "GOTB008") { Properties = P("GoEnvironment", "=value") },
        // Not in go 1.23's `go tool dist list`: GOTB517 before go runs (go itself: "unsupported GOOS/GOARCH pair banana/amd64").
        new("go-os-garbage", 1, "GOTB517") { Properties = P("GoOS", "banana", "GoArch", "amd64") },
        new("proxy-check-mode-garbage", 1, "GOTB200") { Properties = P("GoProxyCheck", "banana") },
        new("proxy-timeout-garbage", 1, "GOTB201") { Properties = P("GoProxyTimeoutSeconds", "abc") },
        new("loopvar-mode-garbage", 1, "GOTB300") { Properties = P("GoLoopvar", "banana") },
        new("generate-mode-garbage", 1, "GOTB400") { Properties = P("GoGenerate", "banana") },
        new("build-mode-garbage", 1, "GOTB511") { ItemMetadata = "BuildMode=\"banana\"" },
        new("build-arguments-unknown-flag", 1, "GOTB500") { Properties = P("GoBuildArguments", "--banana") },
        new("c-compiler-missing", 1, "GOTB502") { Environment = E("CC", "/nonexistent/gcc") },
        new("c-compiler-hangs", 1, "GOTB503") { Properties = P("GoProcessTimeoutSeconds", Timeout5, "GoGenerate", "Off"), Environment = E("CC", "{tools}/hanging-cc"), Setup = c => Hostile.Script(Path.Combine(c.Tools, "hanging-cc"), "exec sleep 7307") },

        // ---- generators ----
        new("generator-missing", 1, "GOTB403") { Files = GreeterWith("//go:generate nonexistent-generator-xyz -flag") },
        new("generator-fails", 1, "GOTB402") { Files = GreeterWith("//go:generate false") },
        new("generator-hangs", 1, "GOTB405") { Properties = P("GoProcessTimeoutSeconds", Timeout5), Files = GreeterWith("//go:generate sleep 7308") },
        new("generator-hangs-ignoring-sigint-and-sigterm", 1, "GOTB405") { Properties = P("GoProcessTimeoutSeconds", Timeout5), Files = GreeterWith("//go:generate sh -c \"trap '' INT TERM; exec sleep 7309\"") },
        new("generator-prints-2000-failing-lines-and-fails", 1, "GOTB402") { Files = GreeterWith("//go:generate sh -c \"yes 'x.go:1: oops' | head -n 2000 >&2; exit 1\"") },
        new("generator-leaves-a-daemon-behind", 0, "") { Files = GreeterWith("//go:generate sh -c \"(sleep 7310 &)\"") },
        new("generate-verify-finds-a-stale-file", 1, "GOTB410") { Properties = P("GoGenerate", "Verify"), Files = new Dictionary<string, string> { ["lib.go"] = Fixture.GreeterFiles["lib.go"] + "\n//go:generate sh -c \"echo 'package main // new' > gen.go\"\n", ["gen.go"] = "package main // old\n" } },

        // ---- go build of the module's code ----
        new("compile-error", 1, "GOTB500") { Files = new Dictionary<string, string> { ["lib.go"] = "package main\n\nimport \"C\"\n\nfunc main() { undefinedThing() }\n" } },
        new("c-shared-without-cgo-import", 1, "GOTB501") { GoMod = "module example.com/lib\n\ngo 1.19\n", Files = new Dictionary<string, string> { ["lib.go"] = "package main\n\nfunc main() {}\n" }, Properties = P("GoRoot", $"/usr/lib/go-{Toolchains.Oldest}", "GoLoopvar", "Off") },
        new("package-not-main", 1, "GOTB500") { Files = new Dictionary<string, string> { ["lib.go"] = "package lib\n\nimport \"C\"\n" } },
        new("no-go-files-at-all", 1, "GOTB406") { Files = new Dictionary<string, string>() },
        new("vendor-folder-inconsistent", 1, "GOTB406") { GoMod = DefaultGoMod + "\nrequire example.com/x v1.0.0\n", Setup = c => c.Fixture.WriteFile("go/lib/vendor/modules.txt", "# example.com/y v9.9.9\n") },
    };

    [TestMethod]
    public void EveryHostileCaseEndsWithItsCodeAndNothingEscapes()
    {
        var only = System.Environment.GetEnvironmentVariable("GOTB_HOSTILE_CASE");
        var names = (only ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var cases = Cases.Where(c => names.Length == 0 || names.Contains(c.Name)).ToList();
        Assert.IsNotEmpty(cases, $"no case named '{only}'");
        Assert.AreEqual(Cases.Count, Cases.Select(c => c.Name).Distinct().Count(), "case names must be unique");

        var root = Path.Combine(PackagedBuild.RunDirectory, "hostile");
        var shared = Path.Combine(PackagedBuild.RunDirectory, "hostile-shared");
        var clock = Stopwatch.StartNew();
        var failures = new List<string>();
        Parallel.ForEach(cases, new ParallelOptions { MaxDegreeOfParallelism = 3 }, c =>
        {
            string? failure;
            try { failure = RunCase(c, root, shared); }
            catch (Exception e) { failure = e.ToString(); }
            if (failure is not null) lock (failures) failures.Add($"[{c.Name}] {failure}");
        });
        var unexpected = Directory.EnumerateFileSystemEntries(root).Select(Path.GetFileName).Where(n => !cases.Any(c => n == c.Name)).ToList();
        if (unexpected.Count > 0) failures.Add("written beside the case folders: " + string.Join(", ", unexpected));
        Console.WriteLine($"hostile corpus: {cases.Count} cases in {clock.Elapsed.TotalSeconds:0} s");
        Assert.IsEmpty(failures, $"{failures.Count} of {cases.Count} hostile cases went wrong:\n\n" + string.Join("\n\n", failures));
    }

    /// <returns>null when the case passed, else what went wrong.</returns>
    private static string? RunCase(HostileCase c, string root, string shared)
    {
        var caseRoot = Path.Combine(root, c.Name);
        var home = Path.Combine(caseRoot, "home");
        var temp = Path.Combine(caseRoot, "tmp");
        var tools = Path.Combine(PackagedBuild.RunDirectory, "hostile-tools", c.Name);
        Directory.CreateDirectory(Path.Combine(tools, "goroot"));
        Directory.CreateDirectory(home);
        Directory.CreateDirectory(temp);
        Directory.CreateDirectory(tools);

        var fixture = Fixture.CreateAt(Path.Combine(caseRoot, "project Grüße"));
        var moduleDirectory = Path.Combine(fixture.Directory, Unescape(c.ModuleDirectory));
        string Expand(string value) => value.Replace("{tools}", tools).Replace("{module}", moduleDirectory).Replace("{project}", fixture.Directory).Replace("{go}", RealGo);

        fixture.WithProperty("GoRoot", PackagedBuild.GoRoot(Toolchains.Newest)).WithProperty("GoProcessTimeoutSeconds", "300");
        foreach (var pair in c.Properties) fixture.WithProperty(pair.Key, System.Security.SecurityElement.Escape(Expand(pair.Value)));
        if (c.FakeGo is not null)
        {
            // A go installation whose bin/go is the fake: everything else links to the real 1.23, so the toolchain checks pass.
            var fakeRoot = Path.Combine(tools, "goroot");
            var realRoot = PackagedBuild.GoRoot(Toolchains.Newest);
            foreach (var entry in Directory.EnumerateFileSystemEntries(realRoot).Where(e => Path.GetFileName(e) != "bin"))
                File.CreateSymbolicLink(Path.Combine(fakeRoot, Path.GetFileName(entry)), entry);
            var body = new StringBuilder($"REAL_GO='{RealGo}'\nexport GOROOT='{fakeRoot}'\ncase \"$1\" in\n");
            foreach (var pair in c.FakeGo) body.Append($"  {pair.Key}) {pair.Value} ;;\n");
            body.Append("esac\nexec \"$REAL_GO\" \"$@\"");
            Hostile.Script(Path.Combine(fakeRoot, "bin", "go"), body.ToString());
            File.CreateSymbolicLink(Path.Combine(fakeRoot, "bin", "gofmt"), Path.Combine(realRoot, "bin", "gofmt"));
            fixture.WithProperty("GoRoot", fakeRoot);
        }
        fixture.WithGoModule(c.ModuleDirectory, c.GoMod, c.Files, c.ItemMetadata);
        c.Setup?.Invoke(new HostileContext(fixture, tools, moduleDirectory));
        fixture.WriteProjectFiles();

        var marker = Guid.NewGuid().ToString("N");
        var environment = new Dictionary<string, string?>
        {
            ["HOME"] = home,
            ["TMPDIR"] = temp,
            ["GOCACHE"] = Path.Combine(shared, "gocache"),
            ["GOMODCACHE"] = Path.Combine(shared, "gomodcache"),
            ["GOFLAGS"] = "-modcacherw",
            ["GOPROXY"] = "off",
            ["GOTELEMETRY"] = "off",
            [Hostile.MarkerVariable] = marker,
        };
        foreach (var pair in c.Environment) environment[pair.Key] = pair.Value is null ? null : Expand(pair.Value);

        var before = Hostile.Snapshot(caseRoot);
        var result = fixture.Build(environment);
        var after = Hostile.Snapshot(caseRoot);
        var survivors = Hostile.Survivors(marker, TimeSpan.FromSeconds(5));

        var problems = new List<string>();
        if ((result.ExitCode == 0) != (c.Exit == 0)) problems.Add($"exit code {result.ExitCode}, expected {(c.Exit == 0 ? "0" : "non-zero")}");
        var expected = c.Codes.Split(',', StringSplitOptions.RemoveEmptyEntries).OrderBy(x => x, StringComparer.Ordinal).ToList();
        var actual = result.Errors.Select(e => e.Code).Distinct().OrderBy(x => x, StringComparer.Ordinal).ToList();
        if (!expected.SequenceEqual(actual)) problems.Add($"errors [{string.Join(",", actual)}], expected [{string.Join(",", expected)}]");
        foreach (var crash in new[] { "MSB4018", "MSB4030", "MSB4181", "GOTB900" })
            if (result.Output.Contains(crash)) problems.Add($"{crash} in the output");
        var escaped = after.Except(before).Where(p => !Allowed(p)).OrderBy(p => p, StringComparer.Ordinal).Take(10).ToList();
        if (escaped.Count > 0) problems.Add("written outside the project and the private state: " + string.Join(", ", escaped));
        if (survivors is not null) problems.Add("processes survived the build: " + survivors);
        if (result.Output.Length > 2_000_000) problems.Add($"the build log is {result.Output.Length / 1_000_000} MB");
        if (problems.Count == 0) return null;
        var errors = string.Join("\n", result.Errors.Select(e => $"  {e.Code} {e.File}({e.Line}): {(e.Message.Length > 300 ? e.Message.Substring(0, 300) + "…" : e.Message)}"));
        return string.Join("; ", problems) + "\n" + errors + $"\n  log: {fixture.Directory}";
    }

    /// <summary>The project's folder, the package's private state root (under TMPDIR), and what dotnet, NuGet, MSBuild and go keep in HOME and TMPDIR.</summary>
    private static bool Allowed(string relative)
    {
        var parts = relative.Split('/');
        return parts[0] switch
        {
            "project Grüße" => true,
            // dotnet's own empty mode-700 folders have six random characters; a go killed on timeout leaves its go-build work folder.
            "tmp" => parts.Length == 1 || parts[1].StartsWith("GoToolchain.Build-", StringComparison.Ordinal) || parts[1].StartsWith("MSBuildTemp", StringComparison.Ordinal)
                     || parts.Length == 2 && System.Text.RegularExpressions.Regex.IsMatch(parts[1], "^[A-Za-z0-9]{6}$") || parts[1].StartsWith("go-build", StringComparison.Ordinal) || parts[1].StartsWith("go-link", StringComparison.Ordinal)
                     || parts[1].StartsWith("NuGetScratch", StringComparison.Ordinal) || parts[1].StartsWith(".dotnet", StringComparison.Ordinal),
            "home" => parts.Length == 1 || parts[1] is ".dotnet" or ".nuget" or ".local" or ".templateengine" || parts[1] == ".config" && (parts.Length == 2 || parts[2] is "go" or "NuGet"),
            _ => false,
        };
    }

    /// <summary>MSBuild unescapes %XX in an item's Include; the folder on disk has the plain characters.</summary>
    private static string Unescape(string include) => Uri.UnescapeDataString(include);
}
