using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoToolchain.Build.Versions;

namespace GoToolchain.Build.Proxy;

public enum GoAuthKind
{
    /// <summary>`off`: no credentials at all.</summary>
    Off,

    /// <summary>`netrc`: NETRC or the .netrc in the home folder.</summary>
    Netrc,

    /// <summary>`git DIR`: `git credential fill` in DIR, run by go after a 4xx.</summary>
    Git,

    /// <summary>Any other word: a command go runs, whose output lists URL prefixes and headers.</summary>
    Command,
}

/// <summary>One GOAUTH command. <see cref="Shown"/> is what messages print: a custom command's arguments may hold a token.</summary>
public sealed class GoAuthEntry
{
    public GoAuthEntry(GoAuthKind kind, string text)
    {
        Kind = kind;
        Text = text;
    }

    public GoAuthKind Kind { get; }
    public string Text { get; }

    public string Shown => Kind == GoAuthKind.Command
        ? Text.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries)[0] + (Text.Trim().IndexOfAny(new[] { ' ', '\t' }) > 0 ? " …" : "")
        : Text.Trim();
}

/// <summary>What go would send to one https URL, and where it would come from (never the secret itself in <see cref="Source"/>).</summary>
public sealed class GoAuthLookup
{
    public GoAuthLookup(string? authorization, string source, bool notRun)
    {
        Authorization = authorization;
        Source = source;
        Unchecked = notRun;
    }

    /// <summary>The Authorization header value go would send first; null for none. Secret.</summary>
    internal string? Authorization { get; }

    /// <summary>e.g. "machine 127.0.0.1:40337 (line 3) of /home/u/.netrc (NETRC unset; GOAUTH=netrc)". Safe to show.</summary>
    public string Source { get; }

    /// <summary>GOAUTH also has `git DIR` or a command, which go runs and the check does not: go may still get credentials.</summary>
    public bool Unchecked { get; }

    public bool Sent => Authorization is not null;
}

/// <summary>
/// Where the go that downloads gets credentials for an https request, per version, as cmd/go/internal/auth does:
/// <list type="bullet">
/// <item>before 1.24: .netrc only; a machine line must equal the request's host: without the port on 1.19 (URL.Hostname),
/// with it when the URL names one on 1.21–1.23 (req.Host). Windows reads %USERPROFILE%\_netrc only.</item>
/// <item>1.24+: GOAUTH (default netrc), a `;` list whose earlier entries win; netrc lines are stored by machine and
/// looked up by the URL without https://: 1.24 tries the whole URL, then the part before the first '/'; 1.25+ walks
/// up the path one '/' at a time. So `machine host:port` matches a URL with that port, `machine host` one without.
/// Windows prefers %USERPROFILE%\_netrc and falls back to .netrc.</item>
/// </list>
/// NETRC names the file on every version. go never sends these credentials over http://.
/// `git DIR` and custom commands are not run here (see <see cref="GoAuthLookup.Unchecked"/>): they can prompt, mint
/// tokens, call keychains or `git credential approve/reject`, and go would run them again anyway.
/// </summary>
public sealed class GoAuth
{
    private static readonly GoVersion Go121 = GoVersion.Parse("1.21");
    private static readonly GoVersion Go124 = GoVersion.Parse("1.24");
    private static readonly GoVersion Go125 = GoVersion.Parse("1.25");

    private GoAuth(GoVersion? go)
    {
        Go = go;
    }

    /// <summary>The go that makes the requests; null when unknown (then the newest behaviour).</summary>
    public GoVersion? Go { get; }

    /// <summary>GOAUTH applies (go 1.24+).</summary>
    public bool UsesGoAuth => Go is null || Go >= Go124;

    public IReadOnlyList<GoAuthEntry> Entries { get; private set; } = Array.Empty<GoAuthEntry>();

    /// <summary>go's own fatal message for this GOAUTH (it stops at the first https request), or null.</summary>
    public string? Error { get; private set; }

    public string? NetrcPath { get; private set; }

    /// <summary>"NETRC unset" or "NETRC=/path".</summary>
    public string NetrcOrigin { get; private set; } = "NETRC unset";

    /// <summary>Why no file could be read ("$HOME is not defined", "not found", an I/O error); null when read.</summary>
    public string? NetrcProblem { get; private set; }

    public IReadOnlyList<NetrcEntry> NetrcEntries { get; private set; } = Array.Empty<NetrcEntry>();

    public bool ReadsNetrc => !UsesGoAuth || Entries.Any(e => e.Kind == GoAuthKind.Netrc);
    public bool HasUncheckedSources => UsesGoAuth && Error is null && Entries.Any(e => e.Kind is GoAuthKind.Git or GoAuthKind.Command);

    /// <summary>"GOAUTH=netrc", "GOAUTH=git /src;netrc", or "go1.23 reads only .netrc" before GOAUTH existed.</summary>
    public string Describe()
        => UsesGoAuth ? "GOAUTH=" + string.Join(";", Entries.Select(e => e.Shown)) : $"go{Go} reads only .netrc: GOAUTH is Go 1.24+";

    /// <param name="go">The go that downloads (after any toolchain switch).</param>
    /// <param name="goAuth">GOAUTH as go reads it (go env: environment, go env file); empty means netrc.</param>
    /// <param name="getEnvironmentVariable">The go process's environment (NETRC, HOME, USERPROFILE).</param>
    public static GoAuth Resolve(GoVersion? go, string? goAuth, Func<string, string?> getEnvironmentVariable, bool isWindows,
        Func<string, bool> directoryExists, Func<string, bool> fileExists, Func<string, string?> readFile)
    {
        var auth = new GoAuth(go);
        if (auth.UsesGoAuth) auth.ParseGoAuth(string.IsNullOrEmpty(goAuth) ? "netrc" : goAuth!, directoryExists, fileExists);
        if (auth.Error is null && auth.ReadsNetrc) auth.ReadNetrc(getEnvironmentVariable, isWindows, fileExists, readFile);
        return auth;
    }

    /// <summary>Reads the real files.</summary>
    public static GoAuth Resolve(GoVersion? go, string? goAuth, Func<string, string?> getEnvironmentVariable, bool isWindows)
        => Resolve(go, goAuth, getEnvironmentVariable, isWindows, Directory.Exists, File.Exists, path =>
        {
            try { return File.ReadAllText(path); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
        });

    // auth.go runGoAuth: the list is walked in reverse; the first problem met that way is the one go reports.
    private void ParseGoAuth(string value, Func<string, bool> directoryExists, Func<string, bool> fileExists)
    {
        var commands = value.Split(';');
        var entries = new List<GoAuthEntry>();
        foreach (var raw in Enumerable.Reverse(commands))
        {
            var command = raw.Trim();
            var words = command.Split(new[] { ' ', '\t', '\n', '\r', '\v', '\f' }, StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0)
            {
                Error ??= $"go: GOAUTH encountered an empty command (GOAUTH={value})";
                continue;
            }
            switch (words[0])
            {
                case "off":
                    if (commands.Length != 1) Error ??= $"go: GOAUTH=off cannot be combined with other authentication commands (GOAUTH={value})";
                    entries.Add(new GoAuthEntry(GoAuthKind.Off, command));
                    break;
                case "netrc":
                    entries.Add(new GoAuthEntry(GoAuthKind.Netrc, command));
                    break;
                case "git":
                    if (words.Length != 2)
                        Error ??= "go: GOAUTH=git dir method requires an absolute path to the git working directory";
                    else if (!IsAbsolute(words[1]))
                        Error ??= "go: GOAUTH=git dir method requires an absolute path to the git working directory, dir is not absolute";
                    else if (!directoryExists(words[1]))
                        Error ??= fileExists(words[1])
                            ? "go: GOAUTH=git dir method requires an absolute path to the git working directory, dir is not a directory"
                            : $"go: GOAUTH=git encountered an error; cannot stat {words[1]}: stat {words[1]}: no such file or directory";
                    entries.Add(new GoAuthEntry(GoAuthKind.Git, command));
                    break;
                default:
                    entries.Add(new GoAuthEntry(GoAuthKind.Command, command));
                    break;
            }
        }
        entries.Reverse();
        Entries = entries;
    }

    private static bool IsAbsolute(string path)
        => path.StartsWith("/", StringComparison.Ordinal)
           || (path.Length >= 3 && char.IsLetter(path[0]) && path[1] == ':' && (path[2] == '\\' || path[2] == '/'))
           || path.StartsWith(@"\\", StringComparison.Ordinal);

    // netrc.go netrcPath/readNetrc. A missing file is no error for go: just no credentials.
    private void ReadNetrc(Func<string, string?> env, bool isWindows, Func<string, bool> fileExists, Func<string, string?> readFile)
    {
        var netrc = env("NETRC");
        string path;
        if (!string.IsNullOrEmpty(netrc))
        {
            NetrcOrigin = "NETRC=" + netrc;
            path = netrc!;
        }
        else
        {
            // os.UserHomeDir: %USERPROFILE% on Windows, $HOME elsewhere.
            var home = env(isWindows ? "USERPROFILE" : "HOME");
            if (string.IsNullOrEmpty(home))
            {
                NetrcProblem = isWindows ? "%userprofile% is not defined" : "$HOME is not defined";
                return;
            }
            var separator = isWindows ? "\\" : "/";
            var dir = home!.TrimEnd('/', '\\');
            var legacy = dir + separator + "_netrc";
            if (isWindows && (!UsesGoAuth || fileExists(legacy))) path = legacy;
            else path = dir + separator + ".netrc";
        }
        NetrcPath = path;
        if (!fileExists(path))
        {
            NetrcProblem = "no such file";
            return;
        }
        var text = readFile(path);
        if (text is null)
        {
            NetrcProblem = "it cannot be read";
            return;
        }
        NetrcEntries = Netrc.Parse(text);
    }

    /// <summary>The machine name a netrc line needs for this URL on this go: the host as the URL writes it, with its port
    /// (if it names one) from 1.21 on, without it on 1.19 (1.20 is not supported and was not checked).</summary>
    public string MachineFor(string url)
    {
        var (authority, _) = Split(url);
        if (Go is null || Go >= Go121) return authority;
        // URL.Hostname(): no port, no brackets.
        if (authority.StartsWith("[", StringComparison.Ordinal))
        {
            var close = authority.IndexOf(']');
            return close > 0 ? authority.Substring(1, close - 1) : authority;
        }
        var colon = authority.LastIndexOf(':');
        return colon >= 0 ? authority.Substring(0, colon) : authority;
    }

    /// <summary>The authority (host[:port], no userinfo, as written: go keeps the case and an explicit :443) and the rest.</summary>
    private static (string Authority, string Tail) Split(string url)
    {
        var start = url.IndexOf("://", StringComparison.Ordinal);
        start = start < 0 ? 0 : start + 3;
        var end = url.IndexOfAny(new[] { '/', '?', '#' }, start);
        var authority = end < 0 ? url.Substring(start) : url.Substring(start, end - start);
        var at = authority.LastIndexOf('@');
        if (at >= 0) authority = authority.Substring(at + 1);
        return (authority, end < 0 ? "" : url.Substring(end));
    }

    /// <summary>What go sends first to <paramref name="url"/> (an https URL without userinfo), and from where.</summary>
    public GoAuthLookup Lookup(string url)
    {
        var where = Describe();
        if (Error is not null) return new GoAuthLookup(null, $"none: go stops before the request ({Error})", false);
        if (UsesGoAuth && Entries.Count == 1 && Entries[0].Kind == GoAuthKind.Off)
            return new GoAuthLookup(null, "none: GOAUTH=off disables authentication", false);

        var notRun = HasUncheckedSources;
        var others = notRun
            ? $"; {string.Join(" and ", Entries.Where(e => e.Kind is GoAuthKind.Git or GoAuthKind.Command).Select(e => "'" + e.Shown + "'"))} " +
              "not run by this check"
            : "";
        if (!ReadsNetrc) return new GoAuthLookup(null, $"none known: {where} has no netrc{others}", notRun);

        var file = NetrcPath ?? ".netrc";
        var origin = $"({NetrcOrigin}; {where})";
        if (NetrcProblem is not null && NetrcEntries.Count == 0)
        {
            var missing = NetrcPath is null ? $"no .netrc ({NetrcProblem})" : $"no {file} ({NetrcProblem})";
            return new GoAuthLookup(null, $"{missing} {origin}{others}", notRun);
        }

        var machine = MachineFor(url);
        NetrcEntry? match = null;
        if (!UsesGoAuth)
        {
            match = NetrcEntries.FirstOrDefault(e => e.Machine == machine);
        }
        else
        {
            // storeCredential keeps the first line per machine (the list is stored in reverse); loadCredential looks up prefixes.
            var byMachine = new Dictionary<string, NetrcEntry>(StringComparer.Ordinal);
            foreach (var e in NetrcEntries)
            {
                var key = Go is not null && Go < Go125 ? e.Machine : e.Machine.TrimEnd('/');
                if (!byMachine.ContainsKey(key)) byMachine[key] = e;
            }
            // req.URL.String() without "https://".
            var (authority, rest) = Split(url);
            var prefix = authority + rest;
            foreach (var candidate in Prefixes(prefix))
            {
                if (byMachine.TryGetValue(candidate, out var e))
                {
                    match = e;
                    break;
                }
            }
        }
        if (match is not null)
            return new GoAuthLookup(match.BasicAuthorization, $"{match} of {file} {origin}{others}", notRun);
        var lines = NetrcEntries.Count == 0 ? "no complete machine/login/password entry" : $"{NetrcEntries.Count} entr{(NetrcEntries.Count == 1 ? "y" : "ies")}, none for it";
        return new GoAuthLookup(null, $"no machine line for {machine} in {file} ({lines}) {origin}{others}", notRun);
    }

    private IEnumerable<string> Prefixes(string prefix)
    {
        if (Go is not null && Go < Go125)
        {
            // 1.24: the whole URL, then what precedes the first '/'.
            yield return prefix;
            var slash = prefix.IndexOf('/');
            if (slash >= 0) yield return prefix.Substring(0, slash);
            yield break;
        }
        var current = prefix.TrimEnd('/');
        while (true)
        {
            yield return current;
            var last = current.LastIndexOf('/');
            if (last < 0) yield break;
            current = current.Substring(0, last);
        }
    }
}
