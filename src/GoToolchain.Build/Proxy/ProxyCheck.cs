using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Modules;
using GoToolchain.Build.Toolchain;
using GoToolchain.Build.Versions;

namespace GoToolchain.Build.Proxy;

public enum ProxyCheckMode
{
    Off,
    Config,
    Auto,
    Network,
}

/// <summary>One GoModule as CheckGoProxy sees it.</summary>
public sealed class ProxyCheckModule
{
    public string Directory { get; set; } = "";
    public GoModFile GoMod { get; set; } = null!;
    public GoWorkFile? GoWork { get; set; }
    /// <summary>The GoModule's Package; with several items of one module (<see cref="Packages"/>) the first.</summary>
    public string Package { get => Packages[0]; set => Packages = new[] { value }; }

    /// <summary>Every package the module's GoModule items build: one module is checked (and its proxies probed) once.</summary>
    public IReadOnlyList<string> Packages { get; set; } = new[] { "." };
    public ProxySettings Settings { get; set; } = null!;

    /// <summary>The toolchain go downloads before anything else (ToolchainDecision Download), e.g. "go1.23.0".</summary>
    public string? ToolchainDownload { get; set; }

    /// <summary>Which packages go generate runs in; null when generation is off (GoGenerate / Generate metadata).</summary>
    public Generate.GenerateScope? Generate { get; set; }

    /// <summary>The environment variables the module's go processes see (for HTTPS_PROXY, HTTP_PROXY, NO_PROXY, NETRC, HOME).</summary>
    public Func<string, string?> GetEnvironmentVariable { get; set; } = _ => null;

    /// <summary>
    /// Where the go that downloads the module's dependencies gets credentials (GOAUTH/.netrc for its version); null: the
    /// local go's, read from <see cref="GetEnvironmentVariable"/> and the real files.
    /// </summary>
    public GoAuth? Auth { get; set; }
}

public sealed class ProxyCheckResult
{
    public DiagnosticBag Diagnostics { get; } = new();

    /// <summary>Readable lines for the log and the GoDoctor report (credentials redacted).</summary>
    public List<string> Report { get; } = new();

    /// <summary>Network requests started (0 when nothing needed the network).</summary>
    public int RequestsStarted { get; set; }

    /// <summary>Wall time of the network part.</summary>
    public TimeSpan NetworkTime { get; set; }
}

/// <summary>
/// CheckGoProxy's logic: the settings, what the build needs to download, the probes, the verdict.
/// Errors only when a download is certainly needed and every way go would try certainly fails.
/// </summary>
public sealed class ProxyCheck
{
    private const int MaxProbedDownloadsPerModule = 4;
    private static readonly GoVersion Go118 = GoVersion.Parse("1.18"); // workspaces; go build refuses -mod=mod there from 1.18 on (checked on 1.19)

    /// <summary>Tests only: how a module's prober is made (e.g. to trust a loopback test certificate).</summary>
    internal Func<ProxyCheckModule, ProxyProber>? ProberFactory { get; set; }

    public static ProxyCheckMode? ParseMode(string? text)
        => (text ?? "").Trim().ToLowerInvariant() switch
        {
            "" or "auto" => ProxyCheckMode.Auto,
            "off" => ProxyCheckMode.Off,
            "config" => ProxyCheckMode.Config,
            "network" => ProxyCheckMode.Network,
            _ => null,
        };

    public ProxyCheckResult Run(ProxyCheckMode mode, TimeSpan budget, IReadOnlyList<ProxyCheckModule> modules, GoVersion? local,
        string? projectFile, CancellationToken cancellation)
    {
        var result = new ProxyCheckResult();
        if (mode == ProxyCheckMode.Off)
        {
            result.Report.Add("GoProxyCheck=Off: nothing checked.");
            return result;
        }

        var work = new List<(ProxyCheckModule Module, IReadOnlyList<ProxyEntry> Entries, string? ProxyError, ModuleNeeds Needs)>();
        var reportedSettings = new HashSet<string>(StringComparer.Ordinal);
        foreach (var module in modules)
        {
            var entries = ProxyList.Parse(module.Settings.GoProxy, out var proxyError);
            var needs = new DownloadNeeds(module.Settings).Analyze(module.Directory, module.GoMod, module.Packages, module.GoWork,
                module.ToolchainDownload, module.Generate);
            var settingsKey = module.Settings.GoProxy + "\n" + module.Settings.GoNoProxy + "\n" + module.Settings.GoSumDb;
            if (reportedSettings.Add(settingsKey)) CheckSettings(module, entries, proxyError, projectFile, result);
            CheckModuleSettings(module, entries, needs, local, result);
            work.Add((module, entries, proxyError, needs));

            result.Report.Add($"Module {module.Directory}");
            result.Report.Add($"  GOPROXY={DoctorReport.RedactCredentials(module.Settings.GoProxy)} GONOPROXY={module.Settings.GoNoProxy} " +
                $"GONOSUMDB={module.Settings.GoNoSumDb} GOSUMDB={DoctorReport.RedactCredentials(module.Settings.GoSumDb)} " +
                $"GOFLAGS={module.Settings.Get("GOFLAGS")}");
            module.Auth ??= GoAuth.Resolve(local, module.Settings.Get("GOAUTH"), module.GetEnvironmentVariable,
                System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Windows));
            result.Report.Add("  credentials for https requests: " + DescribeAuth(module.Auth));
            foreach (var note in needs.Notes) result.Report.Add("  " + note);
            if (needs.Downloads.Count == 0) result.Report.Add("  needs no download: everything it builds from is in the module cache or vendor/");
            foreach (var d in needs.Downloads) result.Report.Add($"  needs {(d.Certain ? "" : "maybe ")}{d.Path}@{d.Version}: {d.Why}");
            // With the default -mod=readonly, go build stops at 'missing go.sum entry' before it downloads anything
            // (checked on 1.23): no network question to ask for those.
            var unhashed = needs.Downloads.Where(d => !d.IsToolchain && !d.GoSumHasHashes && module.Settings.ModFlag != "mod").ToList();
            foreach (var d in unhashed)
            {
                result.Report.Add($"  {d.Path}@{d.Version}: go.sum has no hashes for it, so go build fails with 'missing go.sum entry' before any " +
                    $"download (run `go mod tidy`); not probed");
                needs.Downloads.Remove(d);
            }
        }
        if (mode == ProxyCheckMode.Config) return result;

        var anyNeeded = work.Any(w => w.Needs.Downloads.Count > 0);
        if (mode == ProxyCheckMode.Auto && !anyNeeded)
        {
            result.Report.Add("No download needed: no network probe (GoProxyCheck=Auto).");
            return result;
        }

        // Plan every request first, then run them all at once within the budget.
        var watch = Stopwatch.StartNew();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(budget);
        var requests = new Dictionary<string, Task<ProbeResult>>(StringComparer.Ordinal);
        var probers = new List<ProxyProber>();
        try
        {
            Task<ProbeResult> Request(ProxyProber prober, string url, bool origin = false)
            {
                var key = (origin ? "origin " : "") + url;
                if (!requests.TryGetValue(key, out var task))
                {
                    task = Task.Run(() => prober.ProbeAsync(url, deadline.Token, origin));
                    requests[key] = task;
                }
                return task;
            }

            var plans = new List<(ProxyCheckModule Module, IReadOnlyList<ProxyEntry> Entries, string? ProxyError, NeededDownload? Download,
                List<(ProxyEntry Entry, Func<ProbeResult> Result)> Chain, List<Func<ProbeResult>> SumDb)>();
            foreach (var (module, entries, proxyError, needs) in work)
            {
                var prober = ProberFactory?.Invoke(module) ?? new ProxyProber(module.GetEnvironmentVariable, module.Auth);
                probers.Add(prober);
                var downloads = needs.Downloads.OrderByDescending(d => d.Certain).Take(MaxProbedDownloadsPerModule).ToList();
                if (downloads.Count == 0 && mode == ProxyCheckMode.Network)
                {
                    // Nothing to download: still show whether each entry answers, with a request go would make.
                    var sample = module.GoMod.Requires.FirstOrDefault();
                    downloads.Add(new NeededDownload(sample?.Path ?? "golang.org/x/mod", sample?.Version ?? "v0.0.0", false, "reachability only",
                        null, 0, true));
                    if (proxyError is null)
                    {
                        plans.Add((module, entries, proxyError, null, PlanChain(prober, module, entries, downloads[0], Request),
                            new List<Func<ProbeResult>>()));
                    }
                    continue;
                }
                foreach (var download in downloads)
                {
                    var chain = proxyError is null ? PlanChain(prober, module, entries, download, Request) : new List<(ProxyEntry,
                        Func<ProbeResult>)>();
                    var sumDb = new List<Func<ProbeResult>>();
                    if (!download.GoSumHasHashes && !module.Settings.SkipsSumDb(download.Path))
                    {
                        var (name, url) = module.Settings.SumDbEndpoint;
                        var lookup = Request(prober, $"{url}/lookup/{ModulePaths.Escape(download.Path)}@{ModulePaths.Escape(download.Version)}");
                        sumDb.Add(() => Await(lookup));
                        foreach (var entry in entries.Where(e => e.Kind == ProxyEntryKind.Http))
                        {
                            var supported = Request(prober, entry.Url.TrimEnd('/') + "/sumdb/" + name + "/supported");
                            sumDb.Add(() => Await(supported));
                        }
                    }
                    plans.Add((module, entries, proxyError, download, chain, sumDb));
                }
            }
            result.RequestsStarted = requests.Count;

            // Wait for all, but never past the budget: a probe that ignores cancellation counts as hanging.
            var all = Task.WhenAll(requests.Values);
            try
            {
                all.Wait((int)(budget + TimeSpan.FromMilliseconds(300)).TotalMilliseconds, cancellation);
            }
            catch (AggregateException)
            {
                // Each task's own failure is read below.
            }
            cancellation.ThrowIfCancellationRequested();
            result.NetworkTime = watch.Elapsed;

            foreach (var plan in plans) Judge(plan.Module, plan.Entries, plan.ProxyError, plan.Download, plan.Chain, plan.SumDb, mode, projectFile,
                result);
            result.Report.Add($"Network check: {requests.Count} request(s) in {result.NetworkTime.TotalSeconds:0.00} s (budget " +
                $"{budget.TotalSeconds:0} s).");
            return result;
        }
        finally
        {
            deadline.Cancel();
            foreach (var prober in probers) prober.Dispose();
        }

        ProbeResult Await(Task<ProbeResult> task)
        {
            if (task.Status == TaskStatus.RanToCompletion) return task.Result;
            var target = "(request)";
            return task.IsFaulted
                ? new ProbeResult(target, ProbeOutcome.ConnectionFailed, "request failed: " + task.Exception?.GetBaseException().Message,
                    watch.Elapsed)
                : new ProbeResult(target, ProbeOutcome.Timeout, $"no answer within {budget.TotalSeconds:0} s (go itself would wait 90 s and more)",
                    watch.Elapsed);
        }
    }

    private static List<(ProxyEntry Entry, Func<ProbeResult> Result)> PlanChain(ProxyProber prober, ProxyCheckModule module,
        IReadOnlyList<ProxyEntry> entries, NeededDownload download, Func<ProxyProber, string, bool, Task<ProbeResult>> request)
    {
        var chain = new List<(ProxyEntry, Func<ProbeResult>)>();
        // GONOPROXY (default GOPRIVATE): go skips GOPROXY and asks the origin.
        var walk = module.Settings.BypassesProxy(download.Path) && !download.IsToolchain
            ? new[] { new ProxyEntry(ProxyEntryKind.Direct, "direct", false) }
            : entries;
        foreach (var entry in walk)
        {
            switch (entry.Kind)
            {
                case ProxyEntryKind.Off:
                    chain.Add((entry, () => new ProbeResult("GOPROXY=off", ProbeOutcome.Disabled, "module lookup disabled by GOPROXY=off",
                        TimeSpan.Zero)));
                    break;
                case ProxyEntryKind.File:
                    var directory = entry.FileDirectory!;
                    chain.Add((entry, () => ProxyProber.ProbeFile(directory, download.Path, download.Version)));
                    break;
                case ProxyEntryKind.Direct:
                    if (download.IsToolchain)
                    {
                        // Toolchains come only from a proxy: "direct" cannot provide one.
                        chain.Add((entry, () => new ProbeResult("direct", ProbeOutcome.NotFound,
                            "toolchains are only downloaded from a module proxy", TimeSpan.Zero)));
                        break;
                    }
                    var origin = request(prober, "https://" + download.Path + "?go-get=1", true);
                    chain.Add((entry, () => Completed(origin, "https://" + download.Path + "?go-get=1")));
                    break;
                default:
                    var url = ProxyProber.ModuleInfoUrl(entry.Url, download.Path, download.Version);
                    var task = request(prober, url, false);
                    chain.Add((entry, () => Completed(task, DoctorReport.RedactCredentials(url))));
                    break;
            }
        }
        return chain;
    }

    private static ProbeResult Completed(Task<ProbeResult> task, string target)
    {
        if (task.Status == TaskStatus.RanToCompletion) return task.Result;
        return task.IsFaulted
            ? new ProbeResult(target, ProbeOutcome.ConnectionFailed, "request failed: " + task.Exception?.GetBaseException().Message, TimeSpan.Zero)
            : new ProbeResult(target, ProbeOutcome.Timeout, "no answer within the budget (go itself would wait 90 s and more)", TimeSpan.Zero);
    }

    /// <summary>go walks the list: a `,` falls through only on 404/410, a `|` on any error.</summary>
    private static (bool Succeeded, bool CertainFailure, List<(ProxyEntry Entry, ProbeResult Result)> Tried) Walk(List<(ProxyEntry Entry,
        Func<ProbeResult> Result)> chain)
    {
        var tried = new List<(ProxyEntry, ProbeResult)>();
        foreach (var (entry, get) in chain)
        {
            var r = get();
            tried.Add((entry, r));
            if (r.Succeeded) return (true, false, tried);
            if (r.Outcome == ProbeOutcome.Unverified) return (false, false, tried);
            if (r.Outcome == ProbeOutcome.AuthInvalid) break; // go exits (base.Fatalf): no '|' helps
            if (r.IsNotExist || entry.FallBackOnError) continue;
            break;
        }
        return (false, tried.Count > 0, tried);
    }

    private void Judge(ProxyCheckModule module, IReadOnlyList<ProxyEntry> entries, string? proxyError, NeededDownload? download,
        List<(ProxyEntry Entry, Func<ProbeResult> Result)> chain, List<Func<ProbeResult>> sumDb, ProxyCheckMode mode, string? projectFile,
        ProxyCheckResult result)
    {
        var settings = module.Settings;
        if (download is null)
        {
            // Network mode and nothing needed: report each broken entry as a warning, except for a module that requires
            // no other module (stdlib only): even with an empty module cache it never downloads anything.
            var downloadsNothingEver = module.GoMod.Requires.Count == 0 && module.GoWork is null && module.ToolchainDownload is null;
            foreach (var (entry, get) in chain)
            {
                var r = get();
                result.Report.Add($"  probe {entry.Redacted}: {r.Outcome}: {r.Detail} ({r.Elapsed.TotalSeconds:0.00} s)");
                if (r.Succeeded || r.Outcome is ProbeOutcome.NotFound or ProbeOutcome.Unverified) continue;
                if (downloadsNothingEver)
                {
                    result.Report.Add($"  ({module.GoMod.FilePath} requires no module, so no build of it downloads anything: no warning)");
                    continue;
                }
                result.Diagnostics.Add(Diagnostic.Warning(Codes.ProxyBroken,
                    $"GOPROXY entry {entry.Redacted} does not work: {r.Detail} (asked {r.Target}). This build needs no download, so it goes on; a " +
                        $"build with an empty module cache would fail there. Fix: correct GOPROXY (go env -w GOPROXY=..., GoEnvironment, or the " +
                        $"environment), or use '|' so go falls through to the next entry on any error.",
                    projectFile));
            }
            return;
        }

        var what = download.IsToolchain ? $"toolchain {download.Path}@{download.Version}" : $"{download.Path}@{download.Version}";
        var cache = (settings.GoModCache.Length == 0 ? "the module cache" : $"the module cache ({settings.GoModCache})") + (download.IsToolchain
            ? "" : " or vendor/");
        if (proxyError is not null)
        {
            if (download.Certain)
            {
                result.Diagnostics.Add(Diagnostic.Error(download.IsToolchain ? Codes.ToolchainDownloadImpossible : Codes.ModuleDownloadImpossible,
                    $"The build needs {what} ({download.Why}), which is not in {cache}, and go cannot download anything: GOPROXY is invalid " +
                        $"({proxyError}). go would fail with 'go: {download.Path}@{download.Version}: {proxyError}'. Fix: correct GOPROXY, e.g. " +
                        $"GOPROXY=https://proxy.golang.org,direct or a file:// proxy.",
                    download.File ?? projectFile, download.Line));
            }
            return;
        }

        var (ok, certainFailure, tried) = Walk(chain);
        var attempts = string.Join("; ", tried.Select(t =>
            $"{t.Entry.Redacted} -> {t.Result.Detail} [{t.Result.Target}, {t.Result.Elapsed.TotalSeconds:0.00} s]"));
        foreach (var t in tried) result.Report.Add($"  {what} via {t.Entry.Redacted}: {t.Result.Outcome}: {t.Result.Detail} " +
            $"({t.Result.Elapsed.TotalSeconds:0.00} s)");
        if (ok) result.Report.Add($"  {what}: downloadable");

        if (certainFailure && download.Certain && tried.Count > 0 && tried[tried.Count - 1].Result is { } last
            && last.Outcome is ProbeOutcome.Unauthorized or ProbeOutcome.AuthInvalid)
        {
            result.Diagnostics.Add(CredentialError(module, what, cache, download, tried[tried.Count - 1].Entry, last, attempts, tried.Count,
                projectFile));
            return;
        }

        if (certainFailure)
        {
            var bypass = settings.BypassesProxy(download.Path) && !download.IsToolchain
                ? $" It matches GONOPROXY/GOPRIVATE ('{settings.GoNoProxy}'), so go skips GOPROXY and asks its origin directly."
                : "";
            var message =
                $"The build needs {what} ({download.Why}), which is not in {cache}, and every way go would get it fails: {attempts}.{bypass} " +
                          $"go stops at the first entry that fails with anything but 404/410 after ',' (use '|' to fall through on any error). " +
                              $"Fix: {OfflineOptions(download, settings)}";
            if (download.Certain)
            {
                result.Diagnostics.Add(Diagnostic.Error(download.IsToolchain ? Codes.ToolchainDownloadImpossible : Codes.ModuleDownloadImpossible,
                    message,
                    download.File ?? projectFile, download.Line));
            }
            else
            {
                result.Diagnostics.Add(Diagnostic.Warning(Codes.DownloadMayFail,
                    $"The build may need {what} ({download.Why}, in a file with build constraints), and no GOPROXY entry can provide it: " +
                        $"{attempts}. If go needs it, the build fails. Fix: {OfflineOptions(download, settings)}",
                    download.File ?? projectFile, download.Line));
            }
            return;
        }

        if (sumDb.Count > 0 && (ok || !certainFailure))
        {
            var sums = sumDb.Select(f => f()).ToList();
            foreach (var s in sums) result.Report.Add($"  checksum database for {what}: {s.Outcome}: {s.Detail} [{s.Target}]");
            if (sums.All(s => s.CertainFailure))
            {
                var (name, _) = settings.SumDbEndpoint;
                var text =
                    $"The build needs {what} ({download.Why}); go.sum has no hashes for it, so go asks the checksum database {name}, and it " +
                    $"cannot be reached: " +
                           string.Join("; ", sums.Select(s => $"{s.Target} -> {s.Detail}")) +
                           $". Fix: add the go.sum lines (run `go mod download {download.Path}` where the database is reachable and commit " +
                               $"go.sum), or exempt the module: GONOSUMDB={download.Path} (GOPRIVATE also does it, but also bypasses GOPROXY), or " +
                               $"GOSUMDB=off.";
                result.Diagnostics.Add(download.Certain
                    ? Diagnostic.Error(Codes.ChecksumDatabaseUnreachable, text, download.File ?? projectFile, download.Line)
                    : Diagnostic.Warning(Codes.ChecksumDatabaseUnreachable, text, download.File ?? projectFile, download.Line));
            }
        }
    }

    /// <summary>GOTB215 (go sends no credentials, or GOAUTH stops it) or GOTB216 (it sends some and they are refused).</summary>
    private static Diagnostic CredentialError(ProxyCheckModule module, string what, string cache, NeededDownload download, ProxyEntry entry,
        ProbeResult last, string attempts, int tried, string? projectFile)
    {
        var auth = module.Auth;
        var go = auth?.Go is null ? "go" : $"go {auth.Go}";
        var file = download.File ?? projectFile;
        var needs = $"The build needs {what} ({download.Why}), which is not in {cache}";
        if (last.Outcome == ProbeOutcome.AuthInvalid)
        {
            return Diagnostic.Error(Codes.ProxyCredentialsMissing,
                $"{needs}, and {go} stops at its first https request to {entry.Redacted}: {last.Detail.Replace("go stops before any request: ", "")}. " +
                    $"Fix: correct GOAUTH (a ';'-separated list of netrc, 'git /absolute/dir', off alone, or a command; unset means netrc).",
                file, download.Line);
        }
        if (last.CredentialsSent)
        {
            return Diagnostic.Error(Codes.ProxyCredentialsRefused,
                $"{needs}, and the proxy {entry.Redacted} refuses the credentials {go} sends ({last.Target} -> {last.Status} " +
                    $"{(last.Status == 401 ? "Unauthorized" : "Forbidden")}); they come from {last.Credentials}. Fix: correct the login and " +
                    $"password (or renew the token) there, or give this proxy other credentials; the check never shows them.",
                file, download.Line);
        }
        var machine = auth?.MachineFor(entry.Url) ?? "<host:port>";
        var http = entry.Url.StartsWith("http://", StringComparison.OrdinalIgnoreCase);
        string fix;
        if (http)
            fix = $"serve the proxy over https:// (go sends .netrc and GOAUTH credentials only there), or let it answer without credentials.";
        else if (auth is not null && auth.UsesGoAuth && auth.Entries.Count == 1 && auth.Entries[0].Kind == GoAuthKind.Off)
            fix = $"unset GOAUTH (default netrc) or set it to netrc, and add 'machine {machine} login <user> password <token>' to " +
                  $"{auth.NetrcPath ?? "~/.netrc"}.";
        else
            fix = $"add 'machine {machine} login <user> password <token>' to {auth?.NetrcPath ?? "~/.netrc"} (or the file NETRC names; " +
                  $"go 1.21+ matches the host with the port the URL names, go 1.19 the host alone), or put the credentials in GOPROXY " +
                  $"(https://user:token@host)" + (auth is not null && auth.UsesGoAuth ? ", or a GOAUTH command that supplies them." : ".");
        return Diagnostic.Error(Codes.ProxyCredentialsMissing,
            $"{needs}, and the proxy {entry.Redacted} answers {last.Status} {(last.Status == 401 ? "Unauthorized" : "Forbidden")} " +
                $"({last.Target}) to a request without credentials: {go} would send none: {(last.Credentials ?? "no credential source").Replace("none: ", "")}. " +
                (tried > 1 ? $"Every way go would get it: {attempts}. " : "") + $"Fix: {fix}",
            file, download.Line);
    }

    private static string DescribeAuth(GoAuth auth)
    {
        var go = auth.Go is null ? "go" : $"go {auth.Go}";
        if (auth.Error is not null) return $"{go}: {auth.Error}";
        var parts = new List<string> { $"{go}, {auth.Describe()}" };
        if (auth.ReadsNetrc)
        {
            parts.Add(auth.NetrcPath is null
                ? $"no .netrc ({auth.NetrcProblem}; {auth.NetrcOrigin})"
                : $"{auth.NetrcPath} ({auth.NetrcOrigin}): " + (auth.NetrcProblem ?? $"{auth.NetrcEntries.Count} complete entr{(auth.NetrcEntries.Count == 1 ? "y" : "ies")}" +
                    (auth.NetrcEntries.Count > 0 ? " for " + string.Join(", ", auth.NetrcEntries.Select(e => e.Machine).Distinct()) : "")));
        }
        if (auth.HasUncheckedSources) parts.Add("git/command entries are go's to run, not this check's");
        return string.Join("; ", parts);
    }

    private static string OfflineOptions(NeededDownload download, ProxySettings settings)
    {
        if (download.IsToolchain)
        {
            var name = download.Version.Substring("v0.0.1-".Length);
            name = name.Substring(0, name.LastIndexOf('.', Math.Max(0, name.LastIndexOf('-'))));
            return $"install {name} and set GoRoot to it, or put that binary on PATH under the name {name} (go then switches to it offline), or " +
                $"set GoToolchainMode=local (the go line is then a hard minimum), or point GOPROXY at a reachable mirror that serves " +
                $"golang.org/toolchain.";
        }
        return $"build offline from vendor/ (`go mod vendor` where the network works, commit vendor/), or fill a file:// proxy with " +
            $"{download.Path}/@v/{download.Version}.{{info,mod,zip}} and set GOPROXY=file:///path/to/proxy (plus GONOSUMDB={download.Path} or " +
            $"complete go.sum lines), or set GOPROXY to a mirror you can reach (e.g. 'https://mirror.corp|https://proxy.golang.org|direct')" +
               (settings.BypassesProxy(download.Path)
                   ? $", and take {download.Path} out of GONOPROXY/GOPRIVATE (or set GONOPROXY=none) so the proxy is used." : ".");
    }

    private static void CheckSettings(ProxyCheckModule module, IReadOnlyList<ProxyEntry> entries, string? proxyError, string? projectFile,
        ProxyCheckResult result)
    {
        var settings = module.Settings;
        if (proxyError is not null)
        {
            result.Diagnostics.Add(Diagnostic.Warning(Codes.GoProxyInvalid,
                $"GOPROXY '{DoctorReport.RedactCredentials(settings.GoProxy)}' is invalid: every module download fails with 'go: " +
                    $"<module>@<version>: {proxyError}'. This build fails only if it has to download something. Fix: write GOPROXY as a list of " +
                    $"https://, http:// or file:// URLs, 'direct' and 'off', separated by ',' (fall through on 404/410) or '|' (on any error).",
                projectFile));
        }
        foreach (var entry in entries.Where(e => e.Kind == ProxyEntryKind.Http && e.Url.StartsWith("http://", StringComparison.OrdinalIgnoreCase)))
        {
            if (Uri.TryCreate(entry.Url, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0)
            {
                result.Diagnostics.Add(Diagnostic.Warning(Codes.ProxyCredentialsOverHttp,
                    $"GOPROXY entry {entry.Redacted} has credentials in a plain http:// URL: go refuses to send them ('refusing to pass " +
                        $"credentials to insecure URL') and no request is made. Fix: use https:// for a proxy that needs credentials, or put them " +
                        $"in ~/.netrc.",
                    projectFile));
            }
        }
    }

    private static void CheckModuleSettings(ProxyCheckModule module, IReadOnlyList<ProxyEntry> entries, ModuleNeeds needs, GoVersion? local,
        ProxyCheckResult result)
    {
        var settings = module.Settings;
        var goMod = module.GoMod;
        var hasProxy = entries.Any(e => e.Kind is ProxyEntryKind.Http or ProxyEntryKind.File);

        foreach (var d in needs.Downloads.Where(d => !d.IsToolchain && hasProxy && settings.BypassesProxy(d.Path)))
        {
            result.Diagnostics.Add(Diagnostic.Warning(Codes.PrivatePatternBypassesProxy,
                $"{d.Path}@{d.Version} must be downloaded and matches GONOPROXY/GOPRIVATE '{settings.GoNoProxy}', so go does not ask GOPROXY " +
                    $"({DoctorReport.RedactCredentials(settings.GoProxy)}) but fetches it from its origin with version control. Fix: if the proxy " +
                    $"serves it, set GONOPROXY=none (GOPRIVATE then only skips the checksum database), or narrow the pattern.",
                d.File, d.Line));
        }

        if (entries.Any(e => e.Kind == ProxyEntryKind.File) && !settings.SumDbOff)
        {
            var unverified = needs.Downloads.Where(d => !d.IsToolchain && !d.GoSumHasHashes && !settings.SkipsSumDb(d.Path)).ToList();
            if (unverified.Count > 0)
            {
                result.Diagnostics.Add(Diagnostic.Warning(Codes.FileProxyWithChecksumDatabase,
                    $"GOPROXY has a file:// proxy, but go.sum has no hashes for " +
                        $"{string.Join(", ", unverified.Select(d => d.Path + "@" + d.Version))}, so go still asks the checksum database " +
                        $"{settings.SumDbEndpoint.Name} for them, which fails offline. Fix: commit complete go.sum lines (go mod download once " +
                        $"with the database reachable), or set GONOSUMDB={string.Join(",", unverified.Select(d => d.Path).Distinct())} (or " +
                        $"GOSUMDB=off).",
                    unverified[0].File, unverified[0].Line));
            }
        }

        if (settings.ModFlag == "mod" && module.GoWork is not null && local is not null && local >= Go118)
        {
            result.Diagnostics.Add(Diagnostic.Error(Codes.ModModInWorkspace,
                $"GOFLAGS contains -mod=mod and the module is in the workspace {module.GoWork.FilePath}: go {local} refuses every command ('go: " +
                    $"-mod may only be set to readonly{(local >= GoVersion.Parse("1.22") ? " or vendor" : "")} when in workspace mode, but it is " +
                    $"set to \"mod\"'). Fix: remove -mod=mod from GOFLAGS, or set GOWORK=off in GoEnvironment to build without the workspace.",
                module.GoWork.FilePath, 1));
        }

        if (settings.SumDbOff)
        {
            var publicModules = goMod.Requires.Where(r => !ModulePaths.MatchPrefixPatterns(settings.GoPrivate, r.Path)).ToList();
            if (publicModules.Count > 0)
            {
                result.Diagnostics.Add(Diagnostic.Warning(Codes.ChecksumDatabaseOff,
                    $"GOSUMDB=off: downloads of public modules such as {publicModules[0].Path} are not checked against the checksum database, so " +
                        $"a tampered proxy goes unnoticed for modules go.sum does not list yet. Fix: keep GOSUMDB on and exempt only private " +
                        $"modules with GONOSUMDB or GOPRIVATE.",
                    goMod.FilePath, publicModules[0].Line));
            }
        }
    }
}
